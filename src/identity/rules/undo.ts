// Undo as a pure decision: take evidence away, and the identities become the components of what is left.
import type { Cluster } from '../model/clusters.js'
import type { Contact, Identity } from '../model/contact.js'
import type { IdentityEvent, UndoTarget } from '../model/events.js'
import { EvidenceGraph, type EvidenceStep } from './evidence.js'
import type { GraphWrites, RecordedChange } from '../model/changes.js'
import { toIdentity } from './reconcile.js'

/** What an undo does (or, in a dry run, would do) to the identities it touches. */
export interface SplitPlan {
  before: Identity[]
  /** The components of the evidence left: each oldest contact first, oldest component first. */
  after: Contact[][]
  split: boolean
  /** When nothing splits: the evidence that still joins what the undone evidence joined. */
  stillJoinedBy: EvidenceStep[] | null
  writes: GraphWrites
  event: RecordedChange
}

/** The events that join identities, and so can be undone one by one. */
export const UNDOABLE_TYPES = ['identities.merged', 'merge.approved', 'links.backfilled'] as const

/**
 * Splits `clusters` (every identity that holds the undone evidence) along the evidence that is
 * left once `target` is taken away: each component becomes an identity whose oldest contact is
 * primary and the others point at it. Nothing is deleted.
 * @param events the events of the clusters' contacts, in id order
 * @param formerPrimaryIds the identities it started from (a repair finds some already split off)
 */
export function planSplit (target: UndoTarget, clusters: readonly Cluster[], events: readonly IdentityEvent[],
  formerPrimaryIds: readonly number[] = clusters.map(c => c.primary.id)): SplitPlan {
  const contacts = clusters.flatMap(c => c.contacts)
  const contactIds = contacts.map(c => c.id).sort((a, b) => a - b)
  const formerPrimaryId = clusters[0]!.primary.id
  // The undo itself, as it will be recorded: the graph leaves out what it names.
  const undone = { type: 'identity.split', undone: target, contactIds, id: Number.MAX_SAFE_INTEGER } as unknown as IdentityEvent
  const graph = new EvidenceGraph(contacts, [...events, undone])
  const after = graph.components()
  const split = after.length > formerPrimaryIds.length
  // Each component's members point at its oldest contact; the primaries last, so that a reader
  // in between sees each part still under its former primary until the part's own primary goes.
  const relink = [
    ...after.flatMap(part => part.slice(1).map(c => ({ contactId: c.id, primaryId: part[0]!.id }))),
    ...after.map(part => ({ contactId: part[0]!.id, primaryId: null }))
  ]
  return {
    before: clusters.map(c => toIdentity(c.primary, c.contacts)),
    after,
    split,
    stillJoinedBy: split ? null : stillJoined(target, contacts, events, graph),
    writes: split ? { relink } : {},
    event: {
      // A merge is undone once: its undo has a unit of its own, so two cannot both be recorded.
      ...(target.kind === 'merge' ? { unit: `undo:merge:${target.eventId}` } : {}),
      type: split ? 'identity.split' : 'link.undone',
      undone: target,
      formerPrimaryId,
      primaryIds: after.map(part => part[0]!.id),
      parts: after.map(part => ({ primaryId: part[0]!.id, contactIds: part.map(c => c.id).sort((a, b) => a - b) })),
      contactIds,
      cause: null
    }
  }
}

/** The chain that still joins the two sides of what was undone: the evidence that keeps them one. */
function stillJoined (target: UndoTarget, contacts: readonly Contact[], events: readonly IdentityEvent[], graph: EvidenceGraph): EvidenceStep[] | null {
  let ends: Array<Contact | undefined>
  if (target.kind === 'merge') {
    const event = events.find(e => e.id === target.eventId)
    if (event === undefined) return null
    const sides = event.type === 'links.backfilled'
      ? event.joinedContactIds.map(id => contacts.find(c => c.id === id))
      : 'join' in event
        ? [contacts.find(c => c.email !== null && c.email === event.join.email), contacts.find(c => c.phoneNumber !== null && c.phoneNumber === event.join.phoneNumber)]
        : []
    ends = sides
  } else {
    ends = contacts.filter(c => c[target.field] === target.value).slice(0, 2)
  }
  const [a, b] = ends
  if (a === undefined || b === undefined || a.id === b.id) return null
  return graph.shortestChain(a.id, b.id)
}
