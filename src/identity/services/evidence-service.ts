// Reads of the evidence log: an identity's history, why two contacts are one, the feed of all changes.
import type { Contact } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { IdentityEvent } from '../model/events.js'
import { EvidenceGraph, type EvidenceLink, type EvidenceStep } from '../rules/evidence.js'
import type { EventPage, IdentityStore } from '../identity-store.js'
import type { IdentityService } from './identity-service.js'

export interface EvidenceView {
  primaryContactId: number
  /** Every contact of the identity, oldest first. */
  contacts: Contact[]
  /** What links them: shared identifiers and joining requests, each with the contacts it links. */
  links: EvidenceLink[]
}

export class EvidenceService {
  constructor (private readonly store: IdentityStore, private readonly identities: IdentityService) {}

  /** The events of contact `id`'s identity, those of the identities merged into it included, oldest first. */
  async history (id: number, page: EventPage): Promise<IdentityEvent[]> {
    const cluster = await this.identities.clusterOf(id)
    return await this.store.eventsOf(cluster.contacts.map(c => c.id), page)
  }

  /**
   * The shortest chain of evidence from contact `id` to contact `otherId`.
   * @throws IdentityError CONTACT_NOT_FOUND, NOT_LINKED (different identities), EVIDENCE_MISSING
   */
  async explain (id: number, otherId: number): Promise<EvidenceStep[]> {
    const cluster = await this.identities.clusterOf(id)
    if (!cluster.contacts.some(c => c.id === otherId)) {
      await this.identities.clusterOf(otherId) // 404 for an unknown contact rather than "not linked"
      throw new IdentityError(ErrorCodes.NOT_LINKED, `contacts ${id} and ${otherId} are in different identities`)
    }
    const graph = await this.graphOf(cluster.contacts)
    const chain = graph.shortestChain(id, otherId)
    if (chain === null) {
      throw new IdentityError(ErrorCodes.EVIDENCE_MISSING,
        `contacts ${id} and ${otherId} are one identity, but the log holds no evidence that links them (written before the log: run the events backfill)`)
    }
    return chain
  }

  /** Contact `id`'s identity as a graph of its evidence. */
  async evidence (id: number): Promise<EvidenceView> {
    const cluster = await this.identities.clusterOf(id)
    const graph = await this.graphOf(cluster.contacts)
    return { primaryContactId: cluster.primary.id, contacts: cluster.contacts, links: graph.links() }
  }

  /** Every event after `page.after`, in id order. */
  async feed (page: EventPage): Promise<IdentityEvent[]> {
    return await this.store.feed(page)
  }

  private async graphOf (contacts: readonly Contact[]): Promise<EvidenceGraph> {
    return new EvidenceGraph(contacts, await this.store.eventsOf(contacts.map(c => c.id)))
  }
}
