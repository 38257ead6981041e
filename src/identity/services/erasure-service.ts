// Erase the person behind a contact, an email or a phone: the whole identity, under the same guard as a merge.
import type { Cluster } from '../model/clusters.js'
import type { Identity } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin, IdentityEvent } from '../model/events.js'
import { identifierName, planErasure, type ErasurePlan } from '../rules/erasure.js'
import type { Blocklist } from '../rules/guardrails.js'
import type { IdentityStore } from '../identity-store.js'
import { normalizeEmail, normalizePhoneNumber, type CountryCode } from '../rules/normalize.js'
import { withRetries, type RetryPolicy } from './retries.js'
import type { Suppression } from './suppression.js'

/** Whom to erase; `suppress` (default true) keeps the identifiers' keys so that they stay out. */
export type ErasureRequest = ({ contactId: number } | { email: string } | { phoneNumber: string }) & { suppress?: boolean }

export interface ErasureResult {
  dryRun: boolean
  /** The identity as it was: every email and phone in it goes. */
  identity: Identity
  /** Contacts that stay as ids, emptied (`deletedAt` set). */
  contactIds: number[]
  /** Events whose causes or joins name the erased identifiers: rewritten without them. */
  eventIds: number[]
  /** Held merges (any status) that name them or the identity (approving a pending one is refused once it is erased). */
  holdIds: number[]
  suppressed: boolean
  /** The identity.erased event; null in a dry run. */
  eventId: number | null
}

export interface ErasureServiceOptions {
  store: IdentityStore
  blocklist: () => Blocklist
  /** Undefined when no ERASURE_SECRET is configured. */
  suppression: Suppression | undefined
  phoneDefaultRegion: CountryCode | undefined
  retry: RetryPolicy
}

export class ErasureService {
  constructor (private readonly options: ErasureServiceOptions) {}

  /**
   * Erases the identity that holds the contact, email or phone; with `dryRun`, says what it would
   * erase and writes nothing.
   * @throws IdentityError CONTACT_NOT_FOUND, CONTACT_ERASED, IDENTIFIER_SHARED, SUPPRESSION_UNAVAILABLE
   */
  async erase (request: ErasureRequest, { dryRun }: { dryRun: boolean }, origin: EventOrigin): Promise<ErasureResult> {
    const { store, suppression } = this.options
    const suppress = request.suppress ?? true
    if (suppress && suppression === undefined) {
      throw new IdentityError(ErrorCodes.SUPPRESSION_UNAVAILABLE,
        'suppression needs ERASURE_SECRET (a random secret of at least 32 characters); set it, or erase with "suppress": false')
    }
    const options = { suppress, keyOf: suppression === undefined ? undefined : suppression.keyOf.bind(suppression) }
    // What an earlier attempt planned: if it failed after writing, its repair finished the erasure.
    let earlier: (Pick<ErasureResult, 'identity' | 'contactIds' | 'eventIds' | 'holdIds'>) | undefined
    return await withRetries(this.options.retry, async () => {
      let cluster: Cluster
      try {
        cluster = await this.clusterOf(request)
      } catch (error) {
        const finished = earlier === undefined ? undefined : await this.finishedBy(origin, earlier.identity.primaryContactId, error)
        if (earlier === undefined || finished === undefined) throw error
        return { dryRun, ...earlier, suppressed: suppress, eventId: finished.id }
      }
      const keep = this.blocked(cluster)
      const plan = planErasure(cluster, { ...options, keep })
      // Read before the writes: afterwards they no longer name anyone.
      const touched = await this.touched(plan)
      if (dryRun) return { dryRun, ...touched, suppressed: suppress, eventId: null }
      earlier = touched
      const primaryId = plan.identity.primaryContactId
      const scope = { keys: null, primaryIds: [primaryId], origin, erase: { suppress, keep: [...keep], ...plan.erased } }
      const { change: done, numbered } = await store.change(scope, clusters => {
        const fresh = clusters.find(c => c.primary.id === primaryId)
        if (fresh === undefined) throw new IdentityError(ErrorCodes.CONTACT_ERASED, `the identity of contact ${primaryId} was erased meanwhile`)
        // Identifiers added since the plan are erased too (the store makes sure no one holds them).
        return planErasure(fresh, { ...options, keep })
      })
      return { dryRun, ...touched, identity: done.identity, contactIds: done.contactIds, suppressed: suppress, eventId: (await numbered())?.id ?? null }
    })
  }

  /**
   * The identity.erased event of `primaryId` that this request's earlier attempt left (finished
   * by its repair), when `error` says the identity is erased.
   */
  private async finishedBy (origin: EventOrigin, primaryId: number, error: unknown): Promise<IdentityEvent | undefined> {
    if (!(error instanceof IdentityError && error.code === ErrorCodes.CONTACT_ERASED) || origin.requestId === null) return undefined
    const erased = await this.options.store.findEvents({ types: ['identity.erased'] })
    return erased.find(event => event.type === 'identity.erased' && event.primaryId === primaryId && event.requestId === origin.requestId)
  }

  /**
   * Lets an erased email or phone be stored again.
   * @throws IdentityError SUPPRESSION_UNAVAILABLE, SUPPRESSION_NOT_FOUND, INVALID_EMAIL, INVALID_PHONE_NUMBER
   */
  async lift (request: { email: string } | { phoneNumber: string }): Promise<void> {
    const { suppression } = this.options
    if (suppression === undefined) throw new IdentityError(ErrorCodes.SUPPRESSION_UNAVAILABLE, 'no ERASURE_SECRET is configured: nothing can be suppressed')
    const field = 'email' in request ? 'email' : 'phoneNumber'
    await suppression.lift(field, this.normalize(request))
  }

  /** The identity to erase. */
  private async clusterOf (request: ErasureRequest): Promise<Cluster> {
    const { store } = this.options
    if ('contactId' in request) {
      const cluster = await store.readClusterOf(request.contactId)
      if (cluster === null) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact with id ${request.contactId}`)
      return cluster
    }
    const field = 'email' in request ? 'email' : 'phoneNumber'
    const clusters = await store.readClusters({ email: null, phoneNumber: null, [field]: this.normalize(request) })
    if (clusters.length === 0) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact has that ${field === 'email' ? 'email' : 'phone number'}`)
    if (clusters.length > 1) {
      throw new IdentityError(ErrorCodes.IDENTIFIER_SHARED,
        `that ${field === 'email' ? 'email' : 'phone number'} is in ${clusters.length} identities (${clusters.map(c => c.primary.id).join(', ')}): erase one by a contact id`)
    }
    return clusters[0]!
  }

  private normalize (request: { email: string } | { phoneNumber: string }): string {
    const value = 'email' in request ? normalizeEmail(request.email) : normalizePhoneNumber(request.phoneNumber, this.options.phoneDefaultRegion)
    if (value === null) throw new IdentityError('email' in request ? ErrorCodes.INVALID_EMAIL : ErrorCodes.INVALID_PHONE_NUMBER, 'must not be blank')
    return value
  }

  /** The identity's blocked identifiers: they stay in the log (other identities may carry them) and are not suppressed. */
  private blocked (cluster: Cluster): Set<string> {
    const blocklist = this.options.blocklist()
    const names = new Set<string>()
    for (const contact of cluster.contacts) {
      for (const field of ['email', 'phoneNumber'] as const) {
        const value = contact[field]
        if (value !== null && blocklist.match(field, value) !== undefined) names.add(identifierName(field, value))
      }
    }
    return names
  }

  /** What the erasure reaches beyond the contacts: the events that name its identifiers, and the holds. */
  private async touched (plan: ErasurePlan): Promise<Pick<ErasureResult, 'identity' | 'contactIds' | 'eventIds' | 'holdIds'>> {
    const { store } = this.options
    const events = plan.erased.emails.length + plan.erased.phoneNumbers.length === 0 ? [] : await store.eventsNaming(plan.erased)
    const holds = await store.holdsNaming(plan.erased, plan.contactIds)
    return { identity: plan.identity, contactIds: plan.contactIds, eventIds: events.map(e => e.id), holdIds: holds.map(h => h.id) }
  }
}
