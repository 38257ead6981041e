// Reads of the evidence log: an identity's history, why two contacts are one, its evidence graph.
import type { Contact } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { IdentityEvent } from '../model/events.js'
import { EvidenceGraph, type EvidenceLink, type EvidenceStep } from '../rules/evidence.js'
import type { EventPage, IdentityStore } from '../identity-store.js'
import type { IdentityService } from './identity-service.js'

export interface EvidenceView {
  primaryContactId: number
  /** The identity's contacts, oldest first: all of them, or the oldest `limits.contacts` when truncated. */
  contacts: Contact[]
  /** What links them: shared identifiers and joining requests, each with the contacts it links. */
  links: EvidenceLink[]
  /** How many contacts the identity has. */
  contactCount: number
  /** True when contacts or their events were left out: the identity is past the limits. */
  truncated: boolean
}

/** A chain of evidence, and whether it was looked for among all of it (else it may not be the shortest). */
export interface Explanation { steps: EvidenceStep[], complete: boolean }

/**
 * How much of an identity explain and evidence read: an identity past the size limit (an approved
 * hold can make one) answers from its oldest contacts and first events, and says so.
 */
export interface EvidenceLimits { contacts: number, events: number }

export class EvidenceService {
  constructor (private readonly store: IdentityStore, private readonly identities: IdentityService, private readonly limits: EvidenceLimits) {}

  /** The events of contact `id`'s identity, those of the identities merged into it included, oldest first. */
  async history (id: number, page: EventPage): Promise<IdentityEvent[]> {
    const cluster = await this.identities.clusterOf(id)
    return await this.store.eventsOf(cluster.contacts.map(c => c.id), page)
  }

  /**
   * The shortest chain of evidence from contact `id` to contact `otherId`, among the identity's
   * first `limits.events` events (`complete` says whether that was all of them).
   * @throws IdentityError CONTACT_NOT_FOUND, NOT_LINKED (different identities), EVIDENCE_MISSING
   */
  async explain (id: number, otherId: number): Promise<Explanation> {
    const cluster = await this.identities.clusterOf(id)
    if (!cluster.contacts.some(c => c.id === otherId)) {
      await this.identities.clusterOf(otherId) // 404 for an unknown contact rather than "not linked"
      throw new IdentityError(ErrorCodes.NOT_LINKED, `contacts ${id} and ${otherId} are in different identities`)
    }
    const { graph, complete } = await this.graphOf(cluster.contacts)
    const chain = graph.shortestChain(id, otherId)
    if (chain === null) {
      throw new IdentityError(ErrorCodes.EVIDENCE_MISSING, complete
        ? `contacts ${id} and ${otherId} are one identity, but the log holds no evidence that links them (written before the log: run the events backfill)`
        : `contacts ${id} and ${otherId} are one identity, but its first ${this.limits.events} events do not link them: page through its history instead`)
    }
    return { steps: chain, complete }
  }

  /** Contact `id`'s identity as a graph of its evidence. */
  async evidence (id: number): Promise<EvidenceView> {
    const cluster = await this.identities.clusterOf(id)
    const contacts = cluster.contacts.slice(0, this.limits.contacts)
    const { graph, complete } = await this.graphOf(contacts)
    return { primaryContactId: cluster.primary.id, contacts, links: graph.links(), contactCount: cluster.contacts.length, truncated: !complete || contacts.length < cluster.contacts.length }
  }

  /** The evidence among `contacts` in their first `limits.events` events; `complete`: there were no more. */
  private async graphOf (contacts: readonly Contact[]): Promise<{ graph: EvidenceGraph, complete: boolean }> {
    const events = await this.store.eventsOf(contacts.map(c => c.id), { after: 0, limit: this.limits.events + 1 })
    const complete = events.length <= this.limits.events
    return { graph: new EvidenceGraph(contacts, events.slice(0, this.limits.events)), complete }
  }
}
