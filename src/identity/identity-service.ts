// SPEC.md's rules 1-5 run against the store: read the clusters, plan, write the plan and its event.
import type { Cluster } from './clusters.js'
import type { Contact, ContactKeys, Identity, NewContact } from './contact.js'
import { ErrorCodes, IdentityError, isLockBusy } from './errors.js'
import type { EventOrigin } from './events.js'
import type { Decision, IdentityStore } from './identity-store.js'
import { normalizeRequest, type CountryCode, type IdentifyInput } from './normalize.js'
import { eventOf, outcomeOf, planIdentify, planWrites, toIdentity, writesOf, type IdentifyOutcome, type IdentifyPlan } from './reconcile.js'
import { withRetries, type RetryPolicy } from './retries.js'

export interface IdentityServiceOptions {
  store: IdentityStore
  phoneDefaultRegion?: CountryCode | undefined
  retry: RetryPolicy
}

export interface IdentifyResult {
  identity: Identity
  outcome: IdentifyOutcome
  attempts: number
}

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
   * Links the request's email and phone into one identity (SPEC.md rules 1-5) and returns it.
   * @throws IdentityError for invalid input, IDENTITY_BUSY when conflicts outlast the retries.
   */
  async identify (input: IdentifyInput, origin: EventOrigin): Promise<IdentifyResult> {
    const keys = this.normalize(input)
    const { store } = this.options
    return await withRetries(this.options.retry, async attempts => {
      // Rule 1 and a plan from a plain read: a lookup (most calls) ends here, having written nothing.
      const clusters = await store.readClusters(keys)
      const plan = planIdentify(keys, clusters)
      if (!planWrites(plan)) return { identity: answer(plan, clusters, null), outcome: 'unchanged', attempts }
      // Writes only to finish an earlier merge: nothing the request itself asked for.
      const onlyRepairs = plan.create === null && plan.demote.length === 0
      const scope = { keys, primaryIds: clusters.map(c => c.primary.id), origin, wait: !onlyRepairs }
      try {
        // Rules 2-4 again on what the guard lets this request see: another may have changed it.
        return { ...await store.change(scope, fresh => identifyDecision(keys, fresh)), attempts }
      } catch (error) {
        // A merge is in flight, or its request died and the lease has not run out: the read
        // already resolved the links, so a caller who only needed the repair gets its answer now.
        if (onlyRepairs && isLockBusy(error)) return { identity: answer(plan, clusters, null), outcome: 'unchanged', attempts }
        throw error
      }
    })
  }

  /** What `identify` would do now, writing nothing. */
  async previewIdentify (input: IdentifyInput): Promise<IdentifyPreview> {
    const keys = this.normalize(input)
    const clusters = await this.options.store.readClusters(keys)
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
      relink: contacts.filter(c => c.linkedId !== null && plan.relink.includes(c.linkedId)).map(c => c.id).sort((a, b) => a - b),
      identity
    }
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
    const clusters = await this.options.store.readClusters(this.normalize(input))
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

  private normalize (input: IdentifyInput): ContactKeys {
    return normalizeRequest(input, this.options.phoneDefaultRegion)
  }
}

/** Rules 2-4 on the clusters read under the guard, with the event the writes leave. */
function identifyDecision (keys: ContactKeys, clusters: Cluster[]): Decision<Omit<IdentifyResult, 'attempts'>> {
  const plan = planIdentify(keys, clusters)
  return {
    writes: writesOf(plan),
    record: created => eventOf(plan, keys, clusters, created),
    result: created => ({ identity: answer(plan, clusters, created), outcome: outcomeOf(plan) })
  }
}

function answer (plan: IdentifyPlan, clusters: readonly Cluster[], created: Contact | null): Identity {
  const contacts = clusters.flatMap(cluster => cluster.contacts)
  if (created !== null) contacts.push(created)
  const primary = plan.primary ?? created
  if (primary === null) throw new Error('a plan without a primary always creates one')
  return toIdentity(primary, contacts)
}
