// The contract's rules 1-5 run against the store: read the clusters, plan, write the plan and its event.
import type { Cluster } from '../model/clusters.js'
import type { ContactKeys, Identity, NewContact } from '../model/contact.js'
import { ErrorCodes, IdentityError, isLockBusy } from '../errors.js'
import type { EventOrigin, HoldReason } from '../model/events.js'
import { holdReason, type Blocklist, type HoldLimits, type Ignored } from '../rules/guardrails.js'
import { holdingCluster, sameEvidence, type Hold, type HoldStatus } from '../rules/holds.js'
import type { Change, PlannedEvent, RecordedChange } from '../model/changes.js'
import type { Applied, IdentityStore } from '../identity-store.js'
import { normalizeRequest, type CountryCode, type IdentifyInput } from '../rules/normalize.js'
import { answer, eventOf, outcomeOf, planIdentify, planWrites, relinkedIds, toIdentity, writesOf, type IdentifyOutcome, type IdentifyPlan } from '../rules/reconcile.js'
import { withRetries, type RetryPolicy } from './retries.js'
import type { Suppression } from './suppression.js'

export interface IdentityServiceOptions {
  store: IdentityStore
  phoneDefaultRegion?: CountryCode | undefined
  retry: RetryPolicy
  /** The blocklist in force (it changes at run time). */
  blocklist: () => Blocklist
  limits: HoldLimits
  /** Erased identifiers kept out; undefined when no ERASURE_SECRET is configured. */
  suppression?: Suppression | undefined
}

/** A merge a guardrail held instead of making: the caller's answer says so. */
export interface HeldMerge {
  holdId: number
  reason: HoldReason
  status: Exclude<HoldStatus, 'approved'>
  /** Whether this call made the hold (else it met a standing one of the same evidence). */
  created: boolean
}

export interface IdentifyResult {
  identity: Identity
  outcome: IdentifyOutcome
  attempts: number
  /** Identifiers treated as not given, and why. */
  ignored: Ignored[]
  held: HeldMerge | null
}

type Answer = Omit<IdentifyResult, 'attempts' | 'ignored'>

/** What POST /identify?dryRun=true reports: what the call would do now, with nothing written. */
export interface IdentifyPreview {
  outcome: IdentifyOutcome
  /** The contact it would create (its id is allocated only when it is written). */
  create: NewContact | null
  /** Primaries it would make secondaries, and secondaries it would re-point. */
  demote: number[]
  relink: number[]
  /** The identity it would answer; a contact it would create is in the emails and phones, not yet in the ids. */
  identity: Identity
}

export class IdentityService {
  constructor (private readonly options: IdentityServiceOptions) {}

  /**
   * Links the request's email and phone into one identity (rules 1-5 of docs/contract.md) and returns it.
   * Blocked identifiers count as not given; a merge that a guardrail holds is not made.
   * @throws IdentityError for invalid input, IDENTIFIERS_BLOCKED, IDENTITY_BUSY when conflicts
   * outlast the retries.
   */
  async identify (input: IdentifyInput, origin: EventOrigin): Promise<IdentifyResult> {
    const { store, limits, suppression } = this.options
    return await withRetries(this.options.retry, async attempts => {
      // Screened on every attempt: one that found an identifier erased under the guard retries.
      const { keys, ignored } = await this.screen(input)
      // Rule 1 and a plan from a plain read: a lookup (most calls) ends here, having written nothing.
      const clusters = await store.readClusters(keys)
      const plan = planIdentify(keys, clusters)
      if (!planWrites(plan)) return { identity: answer(plan, clusters, null), outcome: 'unchanged' as const, held: null, attempts, ignored }
      // A request that would be held reads its hub's holds under the guard, to gather into the pending one.
      const hub = holdReason(plan, keys, clusters, limits) === undefined ? undefined : holdingCluster(keys, clusters).primary.id
      // Writes only to finish an earlier merge: nothing the request itself asked for.
      const onlyRepairs = plan.create === null && plan.demote.length === 0
      const scope = { keys, primaryIds: clusters.map(c => c.primary.id), origin, wait: !onlyRepairs, hub, ...(suppression === undefined ? {} : { suppressionKeys: suppression.keysOf(keys) }) }
      try {
        // Rules 2-4 again on what the guard lets this request see: another may have changed it.
        return { ...identifyAnswer(await store.change(scope, (fresh, _events, holds) => identifyChange(keys, fresh, limits, hub, holds))), attempts, ignored }
      } catch (error) {
        // A merge is in flight, or its request died and the lease has not run out: the read
        // already resolved the links, so a caller who only needed the repair gets its answer now.
        if (onlyRepairs && isLockBusy(error)) return { identity: answer(plan, clusters, null), outcome: 'unchanged' as const, held: null, attempts, ignored }
        throw error
      }
    })
  }

  /** What `identify` would do now, writing nothing. */
  async previewIdentify (input: IdentifyInput): Promise<IdentifyPreview> {
    const { keys } = await this.screen(input)
    return previewOf(keys, await this.options.store.readClusters(keys))
  }

  /**
   * The identity of the cluster that contact `id` belongs to. Writes nothing.
   * @throws IdentityError CONTACT_NOT_FOUND
   */
  async getIdentity (id: number): Promise<Identity> {
    const cluster = await this.clusterOf(id)
    return toIdentity(cluster.primary, cluster.contacts)
  }

  /** The identities (0, 1 or 2) that hold the request's email or phone. Writes nothing. */
  async lookup (input: IdentifyInput): Promise<Identity[]> {
    const clusters = await this.options.store.readClusters(normalizeRequest(input, this.options.phoneDefaultRegion))
    return clusters.map(cluster => toIdentity(cluster.primary, cluster.contacts))
  }

  /**
   * The cluster of contact `id`, read without writing.
   * @throws IdentityError CONTACT_NOT_FOUND
   */
  async clusterOf (id: number): Promise<Cluster> {
    return await withRetries(this.options.retry, async () => {
      const cluster = await this.options.store.readClusterOf(id)
      if (cluster === null) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact with id ${id}`)
      return cluster
    })
  }

  /**
   * Normalises the request and takes blocked and erased identifiers out.
   * @throws IdentityError IDENTIFIERS_BLOCKED when nothing is left.
   */
  private async screen (input: IdentifyInput): Promise<{ keys: ContactKeys, ignored: Ignored[] }> {
    const blocked = this.options.blocklist().screen(normalizeRequest(input, this.options.phoneDefaultRegion))
    const erased = this.options.suppression === undefined ? { keys: blocked.keys, ignored: [] } : await this.options.suppression.screen(blocked.keys)
    // In field order (email, then phone), whatever kept each out.
    const ignored = [...blocked.ignored, ...erased.ignored].sort((a, b) => a.field === b.field ? 0 : a.field === 'email' ? -1 : 1)
    const screened = { keys: erased.keys, ignored }
    if (screened.keys.email === null && screened.keys.phoneNumber === null) {
      throw new IdentityError(ErrorCodes.IDENTIFIERS_BLOCKED,
        `every identifier given is blocked or erased (${screened.ignored.map(i => i.reason === 'blocked' ? `${i.field} by rule ${i.ruleId}` : `${i.field} erased`).join(', ')}); nothing was written`)
    }
    return screened
  }
}

/** The change an /identify request decided, with what its answer needs: the plan, or the hold. */
type IdentifyChange = Change & (
  | { plan: IdentifyPlan, clusters: Cluster[], held?: undefined }
  | { identity: Identity, held: Omit<HeldMerge, 'holdId'> & { holdId: number | null } }
)

/**
 * Rules 2-4 on the clusters read under the guard, with the event the writes leave; or, when a
 * guardrail holds the merge, only the hold: the hub's pending hold gathers it (a count and the
 * latest evidence), a rejected hold of the same evidence and identities is the answer, else a new
 * hold opens. `hub`/`holds`: the hub the plain read found and its holds, read under the guard.
 */
function identifyChange (keys: ContactKeys, clusters: Cluster[], limits: HoldLimits, hub: number | undefined, holds: readonly Hold[]): IdentifyChange {
  const plan = planIdentify(keys, clusters)
  const reason = holdReason(plan, keys, clusters, limits)
  if (reason === undefined) return { writes: writesOf(plan), event: eventOf(plan, keys, clusters), plan, clusters }
  // Held now but not when read, or the hub moved: its holds were not read under this guard.
  const holding = holdingCluster(keys, clusters)
  if (hub === undefined || holding.primary.id !== hub) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'a guardrail holds the request now: read its hub\'s holds')
  const primaryIds = clusters.map(c => c.primary.id).sort((a, b) => a - b)
  const identity = toIdentity(holding.primary, holding.contacts)
  const rejected = holds.find(hold => hold.status === 'rejected' && sameEvidence(hold, keys, primaryIds))
  if (rejected !== undefined) return { writes: {}, event: null, identity, held: { holdId: rejected.id, reason: rejected.reason, status: 'rejected', created: false } }
  const pending = holds.find(hold => hold.status === 'pending')
  if (pending !== undefined) {
    return { writes: {}, event: null, hold: { kind: 'gather', holdId: pending.id, reason, join: keys, primaryIds }, identity, held: { holdId: pending.id, reason, status: 'pending', created: false } }
  }
  const opened: PlannedEvent = { type: 'merge.held', reason, primaryIds, join: keys, contactIds: primaryIds, cause: keys }
  // A new hold's id is the store's to give; its event names it.
  return { writes: {}, event: opened, hold: { kind: 'open', reason, join: keys, primaryIds, hub }, identity, held: { holdId: null, reason, status: 'pending', created: true } }
}

/** The answer to an /identify request, from the change the store carried out. */
function identifyAnswer ({ change, created, event }: Applied<IdentifyChange>): Answer {
  if (change.held === undefined) return { identity: answer(change.plan, change.clusters, created), outcome: outcomeOf(change.plan), held: null }
  return { identity: change.identity, outcome: 'held', held: { ...change.held, holdId: change.held.holdId ?? holdOpened(event) } }
}

/** The hold a change's merge.held event opened. */
function holdOpened (event: RecordedChange | null): number {
  if (event?.type !== 'merge.held') throw new Error('a new hold without its merge.held event (a store bug)')
  return event.holdId
}

/** What rules 2-4 would do with `keys` on `clusters`, writing nothing. */
export function previewOf (keys: ContactKeys, clusters: Cluster[]): IdentifyPreview {
  const plan = planIdentify(keys, clusters)
  const primary = plan.primary
  const contacts = clusters.flatMap(c => c.contacts)
  const identity = primary === null
    ? { primaryContactId: 0, emails: keys.email === null ? [] : [keys.email], phoneNumbers: keys.phoneNumber === null ? [] : [keys.phoneNumber], secondaryContactIds: [] }
    : toIdentity(primary, contacts)
  if (primary !== null && plan.create !== null) {
    if (plan.create.email !== null && !identity.emails.includes(plan.create.email)) identity.emails.push(plan.create.email)
    if (plan.create.phoneNumber !== null && !identity.phoneNumbers.includes(plan.create.phoneNumber)) identity.phoneNumbers.push(plan.create.phoneNumber)
  }
  return {
    outcome: outcomeOf(plan),
    create: plan.create,
    demote: plan.demote.map(c => c.id),
    relink: relinkedIds(plan, clusters),
    identity
  }
}
