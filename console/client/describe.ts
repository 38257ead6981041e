// Words for the evidence and the events: what a link is, what an event did.
import { time } from './dom.js'
import type { IdentityEvent, Keys, Via } from './types.js'

export function keys (join: Keys | null | undefined): string {
  if (join === null || join === undefined) return '—'
  return [join.email, join.phoneNumber].filter(value => value !== null).join(' + ') || '—'
}

/** One line for a piece of evidence, as on the graph's edges. */
export function via (evidence: Via): string {
  switch (evidence.kind) {
    case 'email': return `email ${evidence.value}`
    case 'phoneNumber': return `phone ${evidence.value}`
    case 'request': return `request (event #${evidence.eventId}) ${time(evidence.at)}: ${keys(evidence)}`
    case 'backfilled': return `backfilled (event #${evidence.eventId}) ${time(evidence.at)}`
  }
}

const ids = (list: number[] | undefined) => (list ?? []).map(id => `#${id}`).join(', ')

/** One line for an event of a history. */
export function event (e: IdentityEvent): string {
  switch (e.type) {
    case 'contact.created':
      return e.linkedId === null || e.linkedId === undefined
        ? `contact #${e.contactId} created as a primary`
        : `contact #${e.contactId} created, linked to #${e.linkedId}`
    case 'identities.merged':
    case 'merge.approved':
      return `${ids(e.mergedPrimaryIds)} merged into #${e.primaryId} by ${keys(e.join)}${e.type === 'merge.approved' ? ` (hold #${e.holdId} approved)` : ''}`
    case 'links.backfilled': return `links backfilled: ${ids(e.joinedContactIds)} joined to #${e.primaryId}`
    // A hold's id is its merge.held event's id.
    case 'merge.held': return `merge of ${ids(e.primaryIds)} held (${e.reason}, hold #${e.id}) by ${keys(e.join)}`
    case 'merge.rejected': return `held merge of ${ids(e.primaryIds)} rejected (hold #${e.holdId})`
    case 'identity.split':
    case 'link.undone': {
      const undone = e.undone?.kind === 'merge' ? `merge event #${e.undone.eventId}` : `links through ${e.undone?.field ?? ''} ${e.undone?.value ?? ''}`
      return e.type === 'identity.split'
        ? `${undone} undone: #${e.formerPrimaryId} split into ${ids(e.primaryIds)}`
        : `${undone} undone: still one identity (#${e.formerPrimaryId})`
    }
    case 'identifier.blocked':
    case 'identifier.unblocked':
      return `${e.rule?.field ?? ''} ${e.rule?.match ?? ''} "${e.rule?.value ?? ''}" ${e.type === 'identifier.blocked' ? 'blocked' : 'unblocked'}`
    // A type newer than this console: say what it is called.
    default: return String((e as { type: unknown }).type)
  }
}

/** Merge events (backfilled joins included) can be undone one by one. */
export const isMerge = (e: IdentityEvent) => ['identities.merged', 'merge.approved', 'links.backfilled'].includes(e.type)
