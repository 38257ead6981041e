// A one-off, idempotent backfill of the evidence log for contacts written before it existed.
import { assembleClusters } from '../identity/model/clusters.js'
import { EvidenceGraph } from '../identity/rules/evidence.js'
import { contactCreated, type RecordedChange } from '../identity/model/changes.js'
import { toContact, type ContactRow } from './contact-reads.js'
import { EventLog } from './event-log.js'
import { IdSequence } from './id-sequence.js'
import type { Models } from './models.js'
import { isDuplicateKey } from './store-errors.js'

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
  const ids = new IdSequence(async () => await log.highest())
  const append = async (unit: string, change: RecordedChange): Promise<boolean> => {
    const turn = await ids.turn({ inTransaction: false })
    try {
      await log.append(turn, unit, ORIGIN, change, undefined)
      return true
    } catch (error) {
      if (isDuplicateKey(error) || await log.recorded(unit)) return false
      throw error
    } finally {
      turn.release(true)
    }
  }

  const settled = new Date(Date.now() - settleMs)
  const rows = await models.Contact.find({ createdAt: { $lt: settled } }).sort({ _id: 1 }).lean<ContactRow[]>()
  const recorded = new Set((await models.Event.find({ type: 'contact.created' }, { 'data.contactId': 1 }).lean<Array<{ data: { contactId: number } }>>())
    .map(event => event.data.contactId))
  let creations = 0
  for (const row of rows.filter(r => !recorded.has(r._id))) {
    const contact = toContact(row)
    // Linked as it is now: what it was linked to when it was created is not known.
    if (await append(`backfill:created:${contact.id}`, contactCreated(contact, null))) creations++
  }

  const unrecordedJoins: BackfillReport['unrecordedJoins'] = []
  for (const cluster of assembleClusters(rows.map(toContact))) {
    const events = await log.eventsOf(cluster.contacts.map(c => c.id))
    const parts = new EvidenceGraph(cluster.contacts, events).components()
    if (parts.length < 2) continue
    const joinedContactIds = parts.map(part => part[0]!.id)
    const change: RecordedChange = { type: 'links.backfilled', primaryId: cluster.primary.id, joinedContactIds, contactIds: joinedContactIds, cause: null }
    await append(`backfill:links:${joinedContactIds.join(',')}`, change)
    unrecordedJoins.push({ primaryId: cluster.primary.id, joinedContactIds })
  }
  return { creations, unrecordedJoins }
}
