// The events' outbox: a change writes its event here, in its own unit of work, without a number;
// the sequencer gives it one later. No writer waits for another's number.
import type { ClientSession } from 'mongoose'
import type { RecordedChange } from '../identity/model/changes.js'
import type { EventOrigin } from '../identity/model/events.js'
import { namingClauses, type EventRow } from './event-log.js'
import type { Identifiers } from '../identity/identity-store.js'
import type { Models } from './models.js'
import { isDuplicateKey } from './store-errors.js'

/** An event as the log will keep it, without its number and time; `unit` names its change. */
export type UnnumberedEvent = Omit<EventRow, '_id' | 'at'> & { unit: string }

/** A pending event as the sequencer reads it. */
export interface PendingEvent { unit: string, stagedAt: Date, event: UnnumberedEvent }

/** The log row of change `changeUnit`'s event (or of `change.unit`, when the event names its own once-only unit). */
export function unnumbered (changeUnit: string, origin: EventOrigin, change: RecordedChange): UnnumberedEvent {
  const { type, contactIds, cause, unit: ownUnit, ...data } = change
  return { type, requestId: origin.requestId, actor: origin.actor, contactIds, cause, data, unit: ownUnit ?? changeUnit }
}

export class PendingEvents {
  constructor (private readonly models: Models) {}

  /**
   * Writes the event of a change (in its transaction when `session` is given).
   * @returns false when an event of the same unit is pending already (a repair, or the change itself, wrote it)
   */
  async stage (event: UnnumberedEvent, session: ClientSession | undefined): Promise<boolean> {
    try {
      // `lean`, as for lock documents: every field is set here.
      await this.models.PendingEvent.insertMany([{ _id: event.unit, stagedAt: new Date(), event }], { session, lean: true })
      return true
    } catch (error) {
      // In a transaction the duplicate aborts it: the caller's conflict to retry.
      if (session !== undefined || !isDuplicateKey(error)) throw error
      return false
    }
  }

  /** Whether an event of `unit` waits for its number. */
  async has (unit: string): Promise<boolean> {
    return await this.models.PendingEvent.exists({ _id: unit }) !== null
  }

  /** Those of `units` that still wait for a number (one read: the collection is small). */
  async which (units: readonly string[]): Promise<string[]> {
    const rows = await this.models.PendingEvent.find({ _id: { $in: units } }, { _id: 1 }).lean()
    return rows.map(row => row._id)
  }

  /** The units of pending events about any of `contactIds` (in the transaction when `session` is given). */
  async naming (contactIds: readonly number[], session: ClientSession | undefined): Promise<string[]> {
    const rows = await this.models.PendingEvent.find({ 'event.contactIds': { $in: contactIds } }, { _id: 1 }, { session }).lean()
    return rows.map(row => row._id)
  }

  /** The oldest pending events, at most `limit`. (Numbered ones leave at once: the collection stays small.) */
  async oldest (limit: number): Promise<PendingEvent[]> {
    const rows = await this.models.PendingEvent.find({}).sort({ stagedAt: 1, _id: 1 }).limit(limit).lean()
    return rows.map(row => ({ unit: row._id, stagedAt: row.stagedAt, event: row.event as UnnumberedEvent }))
  }

  /** Takes `identifiers` out of the events waiting for a number (each becomes null), as EventLog.forget does in the log. */
  async forget (identifiers: Identifiers, session: ClientSession | undefined): Promise<void> {
    for (const [path, values] of namingClauses(identifiers)) {
      await this.models.PendingEvent.updateMany({ [`event.${path}`]: { $in: values } }, { $set: { [`event.${path}`]: null } }, { session })
    }
  }

  /** Removes events that are in the log now. */
  async clear (units: readonly string[]): Promise<void> {
    if (units.length > 0) await this.models.PendingEvent.deleteMany({ _id: { $in: units } })
  }
}
