// The reconciliation rules of docs/contract.md as pure functions: what a request changes, what it answers.
import { compareAge, type Contact, type ContactKeys, type Identity, type NewContact } from '../model/contact.js'
import type { Cluster } from '../model/clusters.js'
import type { GraphWrites, PlannedEvent } from '../model/changes.js'

/** Everything one /identify request must write, decided from the clusters its keys touch. */
export interface IdentifyPlan {
  /** The oldest primary among the touched clusters; null when nothing matched. */
  primary: Contact | null
  /** The other touched primaries: each becomes a secondary of `primary`. */
  demote: Contact[]
  /**
   * Contacts whose children must be re-pointed to `primary`: demoted primaries that have
   * secondaries, and the parents left by an unfinished merge.
   */
  relink: number[]
  /** The contact to create, if the request brings an email or phone new to the cluster. */
  create: NewContact | null
}

/** What a call did; `held`: a guardrail held its merge, and nothing but the hold was written. */
export type IdentifyOutcome = 'unchanged' | 'created-primary' | 'created-secondary' | 'merged' | 'repaired' | 'held'

/**
 * Applies rules 2-4 to the clusters that contain the request's email or phone (oldest first).
 */
export function planIdentify (keys: ContactKeys, clusters: readonly Cluster[]): IdentifyPlan {
  const [oldest, ...younger] = clusters
  if (oldest === undefined) {
    return { primary: null, demote: [], relink: [], create: { ...keys, linkedId: null } }
  }
  const contacts = clusters.flatMap(cluster => cluster.contacts)
  const bringsNew =
    (keys.email !== null && !contacts.some(c => c.email === keys.email)) ||
    (keys.phoneNumber !== null && !contacts.some(c => c.phoneNumber === keys.phoneNumber))
  return {
    primary: oldest.primary,
    demote: younger.map(cluster => cluster.primary),
    relink: [
      ...younger.filter(cluster => cluster.contacts.length > 1).map(cluster => cluster.primary.id),
      ...clusters.flatMap(cluster => cluster.staleParents)
    ],
    create: bringsNew ? { ...keys, linkedId: oldest.primary.id } : null
  }
}

/** True when the plan writes anything. */
export function planWrites (plan: IdentifyPlan): boolean {
  return plan.create !== null || plan.demote.length > 0 || plan.relink.length > 0
}

/** Names what a plan did, for logs and metrics. */
export function outcomeOf (plan: IdentifyPlan): IdentifyOutcome {
  if (plan.primary === null) return 'created-primary'
  if (plan.demote.length > 0) return 'merged'
  if (plan.create !== null) return 'created-secondary'
  return plan.relink.length > 0 ? 'repaired' : 'unchanged'
}

/**
 * The merged identity of a set of contacts under `primary`: emails and phones distinct, the
 * primary's first and then by contact age; secondary ids ascending.
 */
export function toIdentity (primary: Contact, contacts: readonly Contact[]): Identity {
  const byAge = [primary, ...contacts.filter(c => c.id !== primary.id).sort(compareAge)]
  const distinct = (values: Array<string | null>): string[] =>
    [...new Set(values.filter((value): value is string => value !== null))]
  return {
    primaryContactId: primary.id,
    emails: distinct(byAge.map(c => c.email)),
    phoneNumbers: distinct(byAge.map(c => c.phoneNumber)),
    secondaryContactIds: byAge.slice(1).map(c => c.id).sort((a, b) => a - b)
  }
}

/** The contacts a plan re-points to its primary (the children of the contacts in `plan.relink`), ascending. */
export function relinkedIds (plan: IdentifyPlan, clusters: readonly Cluster[]): number[] {
  return clusters.flatMap(cluster => cluster.contacts)
    .filter(c => c.linkedId !== null && plan.relink.includes(c.linkedId)).map(c => c.id).sort((a, b) => a - b)
}

/** The writes that carry out a plan. */
export function writesOf (plan: IdentifyPlan): GraphWrites {
  const writes: GraphWrites = {}
  if (plan.primary !== null && (plan.demote.length > 0 || plan.relink.length > 0)) {
    writes.merge = { primaryId: plan.primary.id, demote: plan.demote.map(c => c.id), relinkParents: plan.relink }
  }
  if (plan.create !== null) writes.create = plan.create
  return writes
}

/**
 * The event a plan leaves: the contact it creates (the contact's own email and phone are the
 * evidence), or the merge with the request's keys that joined the identities. Finishing an
 * earlier merge records nothing new: that merge's event is its record.
 */
export function eventOf (plan: IdentifyPlan, keys: ContactKeys, clusters: readonly Cluster[]): PlannedEvent | null {
  if (plan.create !== null) return { type: 'contact.created', linkedId: plan.create.linkedId, cause: keys }
  if (plan.primary === null || plan.demote.length === 0) return null
  const relinked = relinkedIds(plan, clusters)
  return {
    type: 'identities.merged',
    primaryId: plan.primary.id,
    mergedPrimaryIds: plan.demote.map(c => c.id),
    join: keys,
    contactIds: [...new Set([plan.primary.id, ...plan.demote.map(c => c.id), ...relinked])].sort((a, b) => a - b),
    cause: keys
  }
}

/** The answer of a plan: the merged identity, with the contact it created. */
export function answer (plan: IdentifyPlan, clusters: readonly Cluster[], created: Contact | null): Identity {
  const contacts = clusters.flatMap(cluster => cluster.contacts)
  if (created !== null) contacts.push(created)
  const primary = plan.primary ?? created
  if (primary === null) throw new Error('a plan without a primary always creates one')
  return toIdentity(primary, contacts)
}
