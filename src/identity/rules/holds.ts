// Held merges: one pending hold per hub identity gathers its held requests; approving re-checks it.
import type { Cluster } from '../model/clusters.js'
import type { ContactKeys } from '../model/contact.js'
import type { HoldReason } from '../model/events.js'
import type { Blocklist } from './guardrails.js'

export type HoldStatus = 'pending' | 'approved' | 'rejected'

/** A held merge and what became of it. The `merge.held` event that opened it names it (`holdId`). */
export interface Hold {
  id: number
  status: HoldStatus
  reason: HoldReason
  /** The latest held request's email and phone: what approving would join. */
  join: ContactKeys
  /** The primaries of the identities the latest held request would have joined, ascending. */
  primaryIds: number[]
  /** The identity (its primary) whose held requests this hold gathers: the one they are answered with. */
  hub: number
  /** How many held requests it gathered while pending (the first opened it). */
  count: number
  /** The request that opened it. */
  requestId: string | null
  createdAt: Date
  /** When the latest held request came. */
  lastHeldAt: Date
  decidedAt: Date | null
  decidedBy: string | null
}

/** The idempotency key of a hold's decision event: approve and reject race for it, one wins. */
export const decisionUnit = (holdId: number): string => `decide:${holdId}`

/**
 * The identity a held request is answered with, and whose pending hold gathers it: the one that
 * holds its email, else its phone (a request through a call-centre phone with a new email: the
 * call centre's identity).
 */
export function holdingCluster (keys: ContactKeys, clusters: readonly Cluster[]): Cluster {
  return clusters.find(c => c.contacts.some(m => keys.email !== null && m.email === keys.email)) ??
    clusters.find(c => c.contacts.some(m => keys.phoneNumber !== null && m.phoneNumber === keys.phoneNumber))!
}

/** Whether a hold was made of this evidence for these identities (a rejected one is not held again). */
export function sameEvidence (hold: Hold, keys: ContactKeys, primaryIds: readonly number[]): boolean {
  return hold.join.email === keys.email && hold.join.phoneNumber === keys.phoneNumber && hold.primaryIds.join() === [...primaryIds].sort((a, b) => a - b).join()
}

/**
 * What changed since the hold, in words (empty when nothing did): an identifier it joins is now
 * blocked, an identity it named was erased or merged into one it did not name, or the identities
 * that hold its identifiers are no longer the ones it named (a split). `clusters`: the clusters of
 * its identifiers and of its primaries, read now. Identities that only grew are not a change.
 * Values are not quoted: messages reach operators' tools and logs.
 */
export function staleness (hold: Hold, clusters: readonly Cluster[], blocklist: Blocklist): string[] {
  const changes: string[] = []
  for (const field of ['email', 'phoneNumber'] as const) {
    const value = hold.join[field]
    const rule = value === null ? undefined : blocklist.match(field, value)
    if (rule !== undefined) changes.push(`its ${field} is now blocked (rule ${rule.id})`)
  }
  const primaryOf = new Map(clusters.flatMap(c => c.contacts.map(m => [m.id, c.primary.id] as const)))
  const named = new Set<number>()
  for (const id of hold.primaryIds) {
    const now = primaryOf.get(id)
    if (now === undefined) changes.push(`identity ${id} no longer exists (erased)`)
    else if (now !== id && !hold.primaryIds.includes(now)) changes.push(`identity ${id} was merged into identity ${now}`)
    else named.add(now)
  }
  for (const cluster of clusters) {
    const holds = (['email', 'phoneNumber'] as const).filter(f => hold.join[f] !== null && cluster.contacts.some(m => m[f] === hold.join[f]))
    if (named.has(cluster.primary.id)) {
      if (holds.length === 0) changes.push(`identity ${cluster.primary.id} no longer holds the hold's email or phone (split since)`)
    } else if (holds.length > 0) {
      changes.push(`identity ${cluster.primary.id}, which the hold did not name, now holds its ${holds.join(' and ')} (split or merged since)`)
    }
  }
  return changes
}
