// Held merges, as the evidence log records them: a `merge.held` event, then at most one decision.
import type { ContactKeys } from '../model/contact.js'
import type { HoldReason, IdentityEvent } from '../model/events.js'
import type { IdentityStore } from '../identity-store.js'

export type HoldStatus = 'pending' | 'approved' | 'rejected'

/** A held merge and what became of it. Its id is the id of its `merge.held` event. */
export interface Hold {
  id: number
  status: HoldStatus
  reason: HoldReason
  /** The request's email and phone that would have joined the identities. */
  join: ContactKeys
  /** The primaries of the identities it would have joined, when it was held. */
  primaryIds: number[]
  requestId: string | null
  createdAt: Date
  decidedAt: Date | null
  decidedBy: string | null
}

/** The events that decide a hold: approval (a merge, or a contact created) or rejection. */
export const DECISION_TYPES = ['merge.approved', 'contact.created', 'merge.rejected'] as const

/** The idempotency key of a hold's decision: approve and reject race for it, one wins. */
export const decisionUnit = (holdId: number): string => `decide:${holdId}`

/** Holds from their `merge.held` events and the decisions among `decisions`. */
export function holdsOf (held: readonly IdentityEvent[], decisions: readonly IdentityEvent[]): Hold[] {
  const decisionOf = new Map<number, IdentityEvent>()
  for (const event of decisions) {
    const holdId = 'holdId' in event ? event.holdId : undefined
    if (holdId !== undefined) decisionOf.set(holdId, event)
  }
  return held.flatMap(event => {
    if (event.type !== 'merge.held') return []
    const decision = decisionOf.get(event.id)
    return [{
      id: event.id,
      status: decision === undefined ? 'pending' : decision.type === 'merge.rejected' ? 'rejected' : 'approved',
      reason: event.reason,
      join: event.join,
      primaryIds: event.primaryIds,
      requestId: event.requestId,
      createdAt: event.at,
      decidedAt: decision?.at ?? null,
      decidedBy: decision?.actor ?? null
    }]
  })
}

/** The holds in the log (of the evidence `cause`, when given), each with its decision. */
export async function readHolds (store: Pick<IdentityStore, 'findEvents'>, query: { cause?: ContactKeys } = {}): Promise<Hold[]> {
  const held = await store.findEvents({ types: ['merge.held'], ...query })
  if (held.length === 0) return []
  return holdsOf(held, await store.findEvents({ types: DECISION_TYPES, holdIds: held.map(e => e.id) }))
}
