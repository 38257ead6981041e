// A one-off, idempotent backfill of the evidence log for contacts written before it existed.
import { assembleClusters } from '../identity/model/clusters.js'
import { EvidenceGraph } from '../identity/rules/evidence.js'
import { contactCreated, type RecordedChange } from '../identity/model/changes.js'
import { toContact, type ContactRow } from './contact-reads.js'
import { EventLog } from './event-log.js'
import { EventSequencer } from './event-sequencer.js'
import type { Models } from './models.js'
import { PendingEvents, unnumbered } from './pending-events.js'

export interface BackfillReport {
  /** Contacts that had no creation event and got one. */
  creations: number
  /** Identities whose contacts no recorded evidence joins: the requests that joined them were never recorded. */
  unrecordedJoins: Array<{ primaryId: number, joinedContactIds: number[] }>
}

const ORIGIN = { requestId: null, actor: 'backfill' }

/**
 * Records what can be known of contacts older than the log: each one's creation (its own email
 * and phone are evidence), and, for identities that the recorded evidence does not hold together,
 * a `links.backfilled` event that joins their parts, saying that the joining request is unknown.
 * Running it again records nothing new: every event has a unit id of its own that the log's
 * unique index refuses twice. Contacts created in the last `settleMs` are left to their own
 * change, which records them itself.
 */
export async function backfillEvents (models: Models, settleMs: number): Promise<BackfillReport> {
  const log = new EventLog(models)
  const pending = new PendingEvents(models)
  // The events get their numbers from whichever sequencer holds the lease: a running service's, or this one.
  const sequencer = new EventSequencer(models, pending, log, { leaseMs: Math.max(settleMs, 5000), idleMs: 1000, pollMs: 50, waitMs: 60_000 })
  sequencer.start()
  try {
    const record = async (units: string[], unit: string, change: RecordedChange): Promise<boolean> => {
      if (await log.recorded(unit) || !await pending.stage(unnumbered(unit, ORIGIN, change), undefined)) return false
      units.push(unit)
      return true
    }
    const numbered = async (units: string[]): Promise<void> => { for (const unit of units) await sequencer.numbered(unit) }

    const settled = new Date(Date.now() - settleMs)
    const rows = await models.Contact.find({ createdAt: { $lt: settled } }).sort({ _id: 1 }).lean<ContactRow[]>()
    const recorded = new Set((await models.Event.find({ type: 'contact.created' }, { 'data.contactId': 1 }).lean<Array<{ data: { contactId: number } }>>())
      .map(event => event.data.contactId))
    const creations: string[] = []
    for (const row of rows.filter(r => !recorded.has(r._id))) {
      const contact = toContact(row)
      // Linked as it is now: what it was linked to when it was created is not known.
      await record(creations, `backfill:created:${contact.id}`, contactCreated(contact, null))
    }
    // The links below are judged on the evidence in the log, these creations included.
    await numbered(creations)

    const unrecordedJoins: BackfillReport['unrecordedJoins'] = []
    const joins: string[] = []
    for (const cluster of assembleClusters(rows.map(toContact))) {
      const events = await log.eventsOf(cluster.contacts.map(c => c.id))
      const parts = new EvidenceGraph(cluster.contacts, events).components()
      if (parts.length < 2) continue
      const joinedContactIds = parts.map(part => part[0]!.id)
      const change: RecordedChange = { type: 'links.backfilled', primaryId: cluster.primary.id, joinedContactIds, contactIds: joinedContactIds, cause: null }
      await record(joins, `backfill:links:${joinedContactIds.join(',')}`, change)
      unrecordedJoins.push({ primaryId: cluster.primary.id, joinedContactIds })
    }
    await numbered(joins)
    return { creations: creations.length, unrecordedJoins }
  } finally {
    await sequencer.stop()
  }
}
