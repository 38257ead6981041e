// Runs the reconciliation rules against the store, safely under concurrent requests.
import { setTimeout as sleep } from 'node:timers/promises'
import { assembleClusters, linksToLoad, MAX_LINK_DEPTH, type Cluster } from './clusters.js'
import type { Contact, ContactKeys, Identity } from './contact.js'
import type { ContactStore, ContactStoreSession } from './contact-store.js'
import { ErrorCodes, IdentityError, identityBusy, isRetryable } from './errors.js'
import { normalizeRequest, type CountryCode, type IdentifyInput } from './normalize.js'
import { outcomeOf, planIdentify, planWrites, toIdentity, type IdentifyOutcome, type IdentifyPlan } from './reconcile.js'

export interface RetryPolicy {
  /** Attempts of one request before it is answered IDENTITY_BUSY. */
  attempts: number
  /** First backoff; doubles per attempt up to `maxDelayMs`, with full jitter. */
  baseDelayMs: number
  maxDelayMs: number
}

/** The steps of a merge after which a test hook may fail, as a crash would. */
export type WriteStep = 'demoted' | 'relinked'

export interface IdentityServiceOptions {
  store: ContactStore
  phoneDefaultRegion?: CountryCode | undefined
  retry: RetryPolicy
  /** Test-only fault injection: called after each step of a merge. */
  afterWriteStep?: ((step: WriteStep) => void | Promise<void>) | undefined
}

export interface IdentifyResult {
  identity: Identity
  outcome: IdentifyOutcome
  attempts: number
}

export class IdentityService {
  constructor (private readonly options: IdentityServiceOptions) {}

  /**
   * Links the request's email and phone into one identity (SPEC.md rules 1-5) and returns it.
   * @throws IdentityError for invalid input, IDENTITY_BUSY when conflicts outlast the retries.
   */
  async identify (input: IdentifyInput): Promise<IdentifyResult> {
    const keys = normalizeRequest(input, this.options.phoneDefaultRegion)
    return await this.withRetries(async attempts => ({
      ...await this.options.store.unitOfWork(session => this.identifyOnce(session, keys)),
      attempts
    }))
  }

  /**
   * The identity of the cluster that contact `id` belongs to. Writes nothing.
   * @throws IdentityError CONTACT_NOT_FOUND
   */
  async getIdentity (id: number): Promise<Identity> {
    return await this.withRetries(async () => await this.options.store.unitOfWork(async session => {
      const contact = await session.findById(id)
      if (contact === null) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact with id ${id}`)
      const cluster = (await loadClusters(session, [contact])).find(c => c.contacts.some(m => m.id === id))
      if (cluster === undefined) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `contact ${id} moved while read`)
      return toIdentity(cluster.primary, cluster.contacts)
    }))
  }

  /** Runs `attempt` again, after a jittered backoff, while it fails with a retryable error. */
  private async withRetries<T>(attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options.retry
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt(attemptNumber)
      } catch (error) {
        if (!isRetryable(error)) throw error
        if (attemptNumber >= attempts) throw identityBusy(error)
        await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1)))
      }
    }
  }

  private async identifyOnce (session: ContactStoreSession, keys: ContactKeys): Promise<Omit<IdentifyResult, 'attempts'>> {
    let clusters = await loadClusters(session, await session.findByKeys(keys))
    let plan = planIdentify(keys, clusters)
    if (!planWrites(plan)) return { identity: answer(plan, clusters, null), outcome: 'unchanged' }

    // Every pair of requests that could interfere shares a lock: the email or phone, or a
    // primary of a touched cluster. In a transaction the lock writes are the conflicting write.
    const lockedPrimaries = new Set(clusters.map(c => c.primary.id))
    // Writes only to finish an earlier merge: nothing the request itself asked for.
    const onlyRepairs = plan.create === null && plan.demote.length === 0
    try {
      await session.lock(lockNames(keys, lockedPrimaries), { wait: !onlyRepairs })
    } catch (error) {
      // A merge is in flight, or its request died and the lease has not run out: the read
      // already resolved the links, so a caller who only needed the repair gets its answer now.
      if (onlyRepairs && isLockBusy(error)) return { identity: answer(plan, clusters, null), outcome: 'unchanged' }
      throw error
    }
    if (!session.transactional) {
      // Without a snapshot, what was read before the locks may have changed: read again, the
      // clusters already known in the same round trip.
      const primaryIds = [...lockedPrimaries]
      clusters = await loadClusters(session, await session.findByKeys(keys, primaryIds), primaryIds)
      if (clusters.some(c => !lockedPrimaries.has(c.primary.id))) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the identity changed before it was locked')
      }
      plan = planIdentify(keys, clusters)
    }
    const created = await this.applyPlan(session, plan)
    return { identity: answer(plan, clusters, created), outcome: outcomeOf(plan) }
  }

  /** Writes in an order where a crash between any two steps leaves a state that reads resolve and the next writer repairs. */
  private async applyPlan (session: ContactStoreSession, plan: IdentifyPlan): Promise<Contact | null> {
    const { primary } = plan
    if (primary !== null) {
      for (const loser of plan.demote) await session.demote(loser.id, primary.id, plan.relink.includes(loser.id))
      if (plan.demote.length > 0) await this.afterWriteStep('demoted')
      if (plan.relink.length > 0) {
        await session.relinkChildren(plan.relink, primary.id)
        await this.afterWriteStep('relinked')
        await session.clearRelinkPending(plan.relink)
      }
    }
    if (plan.create === null) return null
    return await session.insertContact(plan.create)
  }

  private async afterWriteStep (step: WriteStep): Promise<void> {
    await this.options.afterWriteStep?.(step)
  }
}

/** Lock names for a request: its email, its phone and the primaries of the clusters it touches. */
export function lockNames (keys: ContactKeys, primaryIds: Iterable<number>): string[] {
  const names = [...primaryIds].map(id => `contact:${id}`)
  if (keys.email !== null) names.push(`email:${keys.email}`)
  if (keys.phoneNumber !== null) names.push(`phone:${keys.phoneNumber}`)
  return names
}

function isLockBusy (error: unknown): boolean {
  return error instanceof IdentityError && error.code === ErrorCodes.LOCK_BUSY
}

/**
 * Loads every contact of the clusters that `seeds` belong to (usually one round trip).
 * `expanded`: contacts whose linked contacts are among the seeds already.
 */
async function loadClusters (session: ContactStoreSession, seeds: Contact[], expanded: Iterable<number> = []): Promise<Cluster[]> {
  const known = new Map(seeds.map(contact => [contact.id, contact]))
  const expandedIds = new Set(expanded)
  for (let round = 0; ; round++) {
    const { ids, childrenOf } = linksToLoad(known, expandedIds)
    if (ids.length === 0 && childrenOf.length === 0) return assembleClusters(known.values())
    if (round > MAX_LINK_DEPTH) {
      // Links kept moving while we read: a merge is in flight.
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'clusters kept changing while read')
    }
    for (const id of childrenOf) expandedIds.add(id)
    for (const contact of await session.findLinked(ids, childrenOf)) known.set(contact.id, contact)
  }
}

function answer (plan: IdentifyPlan, clusters: readonly Cluster[], created: Contact | null): Identity {
  const contacts = clusters.flatMap(cluster => cluster.contacts)
  if (created !== null) contacts.push(created)
  const primary = plan.primary ?? created
  if (primary === null) throw new Error('a plan without a primary always creates one')
  return toIdentity(primary, contacts)
}
