// The `holds` collection: held merges as operators page through them, kept true by their decision events.
import type { ClientSession } from 'mongoose'
import type { HoldWrite } from '../identity/model/changes.js'
import type { EventOrigin, IdentityEvent } from '../identity/model/events.js'
import { decisionUnit, type Hold } from '../identity/rules/holds.js'
import type { HoldPage, Identifiers } from '../identity/identity-store.js'
import { EventLog } from './event-log.js'
import type { HoldDocument, Models } from './models.js'

type HoldRow = HoldDocument & { _id: number }

export class HoldDocuments {
  /** `session`: reads and writes inside a transaction. */
  constructor (private readonly models: Models, private readonly session?: ClientSession) {}

  async find (id: number): Promise<Hold | null> {
    return (await this.decided(await this.rows({ _id: id })))[0] ?? null
  }

  /** The holds of `hub`, oldest first. */
  async ofHub (hub: number): Promise<Hold[]> {
    return await this.decided(await this.rows({ hub }))
  }

  /** A page of holds, and the cursor of the next one (null at the end). */
  async page ({ status, after, limit }: HoldPage): Promise<{ holds: Hold[], next: number | null }> {
    const rows = await this.rows({ _id: { $gt: after }, ...(status === undefined ? {} : { status }) }, limit)
    const holds = (await this.decided(rows)).filter(hold => status === undefined || hold.status === status)
    return { holds, next: rows.length === limit ? rows.at(-1)!._id : null }
  }

  /** Holds whose evidence names one of `identifiers`, or that name one of `contactIds` as an identity (an erasure's reach). */
  async naming (identifiers: Identifiers, contactIds: readonly number[]): Promise<Hold[]> {
    const or: object[] = [{ hub: { $in: contactIds } }, { primaryIds: { $in: contactIds } }]
    if (identifiers.emails.length > 0) or.push({ 'join.email': { $in: identifiers.emails } })
    if (identifiers.phoneNumbers.length > 0) or.push({ 'join.phoneNumber': { $in: identifiers.phoneNumbers } })
    return await this.decided(await this.rows({ $or: or }))
  }

  /** Takes `identifiers` out of every hold's evidence (each becomes null); can run again. */
  async forget (identifiers: Identifiers): Promise<void> {
    const fields: Array<[string, readonly string[]]> = [['join.email', identifiers.emails], ['join.phoneNumber', identifiers.phoneNumbers]]
    for (const [path, values] of fields) {
      if (values.length > 0) await this.models.Hold.updateMany({ [path]: { $in: values } }, { $set: { [path]: null } }, { session: this.session })
    }
  }

  /** Applies a change's write to the holds; `newId`: the id of a hold it opens. */
  async apply (write: HoldWrite, newId: number | null, origin: EventOrigin): Promise<void> {
    const { session } = this
    const at = new Date()
    switch (write.kind) {
      case 'open':
        if (newId === null) throw new Error('a hold opened without an id (a store bug)')
        await this.models.Hold.insertMany([{
          _id: newId,
          hub: write.hub,
          status: 'pending',
          reason: write.reason,
          join: write.join,
          primaryIds: write.primaryIds,
          count: 1,
          requestId: origin.requestId,
          createdAt: at,
          lastHeldAt: at,
          decidedAt: null,
          decidedBy: null
        }], { session })
        return
      case 'gather':
        await this.models.Hold.updateOne({ _id: write.holdId }, {
          $inc: { count: 1 }, $set: { reason: write.reason, join: write.join, primaryIds: write.primaryIds, lastHeldAt: at }
        }, { session })
        return
      case 'decide':
        await this.models.Hold.updateOne({ _id: write.holdId }, { $set: { status: write.status, decidedAt: at, decidedBy: origin.actor } }, { session })
    }
  }

  private async rows (filter: object, limit?: number): Promise<HoldRow[]> {
    const query = this.models.Hold.find(filter, null, { session: this.session }).sort({ _id: 1 })
    if (limit !== undefined) query.limit(limit)
    return await query.lean<HoldRow[]>()
  }

  /**
   * The holds with the status their decision events give. Without a transaction, a crash between
   * a decision's event and its hold write (or a held request's update racing it) can leave a
   * document `pending` that was decided: the event, once-only per hold, wins.
   */
  private async decided (rows: HoldRow[]): Promise<Hold[]> {
    const pending = rows.filter(row => row.status === 'pending')
    const decisions = new Map<string, IdentityEvent>()
    for (const event of await new EventLog(this.models, this.session).ofUnits(pending.map(row => decisionUnit(row._id)))) {
      if ('holdId' in event && event.holdId !== undefined) decisions.set(decisionUnit(event.holdId), event)
    }
    return rows.map(row => {
      const decision = row.status === 'pending' ? decisions.get(decisionUnit(row._id)) : undefined
      return decision === undefined
        ? toHold(row)
        : { ...toHold(row), status: decision.type === 'merge.rejected' ? 'rejected' : 'approved', decidedAt: decision.at, decidedBy: decision.actor }
    })
  }
}

function toHold (row: HoldRow): Hold {
  return {
    id: row._id,
    status: row.status,
    reason: row.reason,
    join: { email: row.join.email ?? null, phoneNumber: row.join.phoneNumber ?? null },
    primaryIds: row.primaryIds,
    hub: row.hub,
    count: row.count,
    requestId: row.requestId ?? null,
    createdAt: row.createdAt,
    lastHeldAt: row.lastHeldAt,
    decidedAt: row.decidedAt ?? null,
    decidedBy: row.decidedBy ?? null
  }
}
