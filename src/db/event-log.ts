// The events collection, as numbered by the sequencer: read as history, explanations and a feed.
import type { ClientSession } from 'mongoose'
import type { IdentityEvent } from '../identity/model/events.js'
import type { EventPage, EventQuery, FeedQuery, Identifiers } from '../identity/identity-store.js'
import type { EventDocument, Models } from './models.js'

export type EventRow = Pick<EventDocument, '_id' | 'at' | 'type' | 'requestId' | 'actor' | 'contactIds' | 'cause' | 'data'>

export class EventLog {
  /** `session`: reads inside a transaction see its snapshot. */
  constructor (private readonly models: Models, private readonly session?: ClientSession) {}

  /** Whether change `unit` has recorded its event. */
  async recorded (unit: string): Promise<boolean> {
    return (await this.models.Event.exists({ unit })) !== null
  }

  /** The event of change `unit`, once numbered (the unique index finds it). */
  async ofUnit (unit: string): Promise<IdentityEvent | null> {
    const row = await this.models.Event.findOne({ unit }, null, { session: this.session }).lean<EventRow>()
    return row === null ? null : toEvent(row)
  }

  async eventsOf (contactIds: readonly number[], page?: EventPage): Promise<IdentityEvent[]> {
    const query = this.models.Event.find({ contactIds: { $in: contactIds }, ...(page === undefined ? {} : { _id: { $gt: page.after } }) }, null, { session: this.session }).sort({ _id: 1 })
    if (page !== undefined) query.limit(page.limit)
    return (await query.lean<EventRow[]>()).map(toEvent)
  }

  async feed ({ after, upTo, limit, types }: FeedQuery): Promise<IdentityEvent[]> {
    const filter = { _id: { $gt: after, $lte: upTo }, ...(types === undefined ? {} : { type: { $in: types } }) }
    const rows = await this.models.Event.find(filter).sort({ _id: 1 }).limit(limit).lean<EventRow[]>()
    return rows.map(toEvent)
  }

  async query ({ types }: EventQuery): Promise<IdentityEvent[]> {
    return (await this.models.Event.find({ type: { $in: types } }).sort({ _id: 1 }).lean<EventRow[]>()).map(toEvent)
  }

  /** The events of these once-only units (a hold's decision is one), each found through the unique index. */
  async ofUnits (units: readonly string[]): Promise<IdentityEvent[]> {
    if (units.length === 0) return []
    return (await this.models.Event.find({ unit: { $in: units } }, null, { session: this.session }).lean<EventRow[]>()).map(toEvent)
  }

  /** Events whose cause or join names one of `identifiers`. */
  async naming (identifiers: Identifiers): Promise<IdentityEvent[]> {
    if (identifiers.emails.length + identifiers.phoneNumbers.length === 0) return []
    const rows = await this.models.Event.find({ $or: namingClauses(identifiers).map(([path, values]) => ({ [path]: { $in: values } })) }, null, { session: this.session })
      .sort({ _id: 1 }).lean<EventRow[]>()
    return rows.map(toEvent)
  }

  /**
   * Takes `identifiers` out of every cause and join (each becomes null), one field at a time:
   * idempotent, so that a repair can run it again after a crash part way.
   */
  async forget (identifiers: Identifiers, session: ClientSession | undefined): Promise<void> {
    // A hold's unit was built from its request's identifiers in logs written before holds had a
    // collection: it becomes one that names only the event, before the fields that find it go.
    for (const held of await new EventLog(this.models, session).naming(identifiers)) {
      if (held.type !== 'merge.held') continue
      await this.models.Event.updateOne({ _id: held.id }, { $set: { unit: `erased:${held.id}` } }, { session })
    }
    for (const [path, values] of namingClauses(identifiers)) {
      await this.models.Event.updateMany({ [path]: { $in: values } }, { $set: { [path]: null } }, { session })
    }
  }

  async find (id: number): Promise<IdentityEvent | null> {
    const row = await this.models.Event.findById(id).lean<EventRow>()
    return row === null ? null : toEvent(row)
  }

  /** The highest event number and its time, for the sequencer. */
  async highest (): Promise<{ id: number, at: Date }> {
    const [row] = await this.models.Event.find({}, { at: 1 }).sort({ _id: -1 }).limit(1).lean()
    return row === undefined ? { id: 0, at: new Date(0) } : { id: row._id, at: row.at }
  }
}

/** The fields of an event that hold an email or a phone, each with the values to look for. */
export function namingClauses ({ emails, phoneNumbers }: Identifiers): Array<[string, readonly string[]]> {
  const clauses: Array<[string, readonly string[]]> = []
  // A creation's event carries the contact's own email and phone; a merge's and a hold's, their join.
  if (emails.length > 0) clauses.push(['cause.email', emails], ['data.email', emails], ['data.join.email', emails])
  if (phoneNumbers.length > 0) clauses.push(['cause.phoneNumber', phoneNumbers], ['data.phoneNumber', phoneNumbers], ['data.join.phoneNumber', phoneNumbers])
  return clauses
}

export function toEvent (row: EventRow): IdentityEvent {
  return {
    // A hold opened before the holds counter has the id of its merge.held event, which does not name it.
    ...(row.type === 'merge.held' ? { holdId: row._id } : {}),
    ...(row.data as object),
    id: row._id,
    at: row.at,
    type: row.type,
    requestId: row.requestId ?? null,
    actor: row.actor ?? null,
    contactIds: row.contactIds,
    cause: row.cause == null ? null : { email: row.cause.email ?? null, phoneNumber: row.cause.phoneNumber ?? null }
  } as IdentityEvent
}
