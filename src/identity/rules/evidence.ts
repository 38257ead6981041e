// The evidence that keeps contacts together, as a graph: its components are the identities, its
// shortest paths the explanations. Pure: it works on contacts and events already loaded.
import { compareAge, type Contact, type ContactKeys } from '../model/contact.js'
import type { IdentityEvent } from '../model/events.js'

type Field = 'email' | 'phoneNumber'

/** One step of an explanation: why contact `from` and contact `to` are one identity. */
export interface EvidenceStep {
  from: number
  to: number
  via:
  | { kind: 'email' | 'phoneNumber', value: string }
  | { kind: 'request', eventId: number, requestId: string | null, at: Date, email: string | null, phoneNumber: string | null }
  | { kind: 'backfilled', eventId: number, at: Date }
}

/** One piece of evidence and the contacts it links (two or more). */
export interface EvidenceLink {
  via: EvidenceStep['via']
  contactIds: number[]
}

/** A request (or a backfilled record) that joined identities without creating a contact. */
interface Join {
  event: IdentityEvent
  /** The identifiers the request named: it links every contact that carries one of them. */
  via: ContactKeys | null
  /** Contacts it links directly (backfilled links). */
  contactIds: number[]
}

/** Links through an identifier that an undo took away, among the contacts of the identity then. */
interface UndoneIdentifier { eventId: number, node: string, contactIds: Set<number> }

const identifierNode = (field: Field, value: string): string => `${field}:${value}`
const joinNode = (eventId: number): string => `event:${eventId}`

/**
 * The evidence graph of a set of contacts: contacts on one side; identifiers and joining requests
 * on the other. Two contacts are linked when they share an identifier that was not undone, or a
 * join that was not undone names an identifier of each.
 */
export class EvidenceGraph {
  private readonly contacts = new Map<number, Contact>()
  private readonly nodesOf = new Map<number, Set<string>>()
  private readonly membersOf = new Map<string, Set<number>>()
  private readonly joins = new Map<string, Join>()

  /** `events`: the events of these contacts, in id order (joins and undos are read from them). */
  constructor (contacts: Iterable<Contact>, events: readonly IdentityEvent[]) {
    for (const contact of contacts) this.contacts.set(contact.id, contact)
    const undoneJoins = new Set<number>()
    const undoneIdentifiers: UndoneIdentifier[] = []
    for (const event of events) {
      if (event.type !== 'identity.split' && event.type !== 'link.undone') continue
      if (event.undone.kind === 'merge') undoneJoins.add(event.undone.eventId)
      else undoneIdentifiers.push({ eventId: event.id, node: identifierNode(event.undone.field, event.undone.value), contactIds: new Set(event.contactIds) })
    }
    for (const contact of this.contacts.values()) {
      for (const field of ['email', 'phoneNumber'] as const) {
        const value = contact[field]
        if (value !== null) this.link(contact.id, identifierNode(field, value))
      }
    }
    for (const event of events) {
      const join = joinOf(event)
      if (join === undefined || undoneJoins.has(event.id)) continue
      this.joins.set(joinNode(event.id), join)
      for (const id of join.contactIds) if (this.contacts.has(id)) this.link(id, joinNode(event.id))
      for (const field of ['email', 'phoneNumber'] as const) {
        const value = join.via?.[field] ?? null
        if (value === null) continue
        for (const id of this.membersOf.get(identifierNode(field, value)) ?? []) this.link(id, joinNode(event.id))
      }
    }
    for (const undone of undoneIdentifiers) this.unlinkUndone(undone)
  }

  /** The connected components, each oldest contact first, oldest component first. */
  components (): Contact[][] {
    const seen = new Set<number>()
    const components: Contact[][] = []
    for (const contact of [...this.contacts.values()].sort(compareAge)) {
      if (seen.has(contact.id)) continue
      const component = [...this.reach(contact.id).keys()].map(id => this.contacts.get(id)!)
      for (const member of component) seen.add(member.id)
      components.push(component.sort(compareAge))
    }
    return components
  }

  /** Every piece of evidence that links two or more of the contacts. */
  links (): EvidenceLink[] {
    return [...this.membersOf].filter(([, members]) => members.size > 1)
      .map(([node, members]) => ({ via: this.describe(node), contactIds: [...members].sort((a, b) => a - b) }))
  }

  /** The shortest chain of evidence from contact `from` to contact `to`, or null when none links them. */
  shortestChain (from: number, to: number): EvidenceStep[] | null {
    if (!this.contacts.has(from) || !this.contacts.has(to)) return null
    const reached = this.reach(from, to)
    if (!reached.has(to)) return null
    const steps: EvidenceStep[] = []
    for (let id = to; id !== from;) {
      const { previous, node } = reached.get(id)!
      steps.push({ from: previous, to: id, via: this.describe(node) })
      id = previous
    }
    return steps.reverse()
  }

  /** Breadth-first from `start` (stopping at `stop`): each reached contact with the contact and node it came through. */
  private reach (start: number, stop?: number): Map<number, { previous: number, node: string }> {
    const reached = new Map([[start, { previous: start, node: '' }]])
    const usedNodes = new Set<string>()
    let frontier = [start]
    const done = (): boolean => stop !== undefined && reached.has(stop)
    while (frontier.length > 0 && !done()) {
      const next: number[] = []
      for (const id of frontier) {
        for (const node of this.nodesOf.get(id) ?? []) {
          if (usedNodes.has(node)) continue
          usedNodes.add(node)
          for (const member of this.membersOf.get(node) ?? []) {
            if (reached.has(member)) continue
            reached.set(member, { previous: id, node })
            next.push(member)
          }
        }
      }
      frontier = next
    }
    return reached
  }

  private describe (node: string): EvidenceStep['via'] {
    const join = this.joins.get(node)
    if (join === undefined) {
      const [field, ...rest] = node.split(':')
      return { kind: field as Field, value: rest.join(':') }
    }
    const { event } = join
    if (join.via === null) return { kind: 'backfilled', eventId: event.id, at: event.at }
    return { kind: 'request', eventId: event.id, requestId: event.requestId, at: event.at, email: join.via.email, phoneNumber: join.via.phoneNumber }
  }

  private link (contactId: number, node: string): void {
    let nodes = this.nodesOf.get(contactId)
    if (nodes === undefined) this.nodesOf.set(contactId, nodes = new Set())
    nodes.add(node)
    let members = this.membersOf.get(node)
    if (members === undefined) this.membersOf.set(node, members = new Set())
    members.add(contactId)
  }

  /**
   * An undone identifier no longer links the contacts the undo covered. Contacts that took it up
   * later still link to every carrier: a request naming it joins all of them again (new evidence).
   */
  private unlinkUndone ({ eventId, node, contactIds }: UndoneIdentifier): void {
    const members = this.membersOf.get(node)
    if (members === undefined || [...members].some(id => !contactIds.has(id))) return
    for (const id of members) this.nodesOf.get(id)?.delete(node)
    this.membersOf.delete(node)
    // A join before the undo that named it now links through its other identifier only.
    for (const [joinId, join] of this.joins) {
      if (join.event.id > eventId) continue
      const named = join.via !== null && [join.via.email && identifierNode('email', join.via.email), join.via.phoneNumber && identifierNode('phoneNumber', join.via.phoneNumber)].includes(node)
      if (!named) continue
      const carriers = new Set(this.carriersOfJoin(join, node))
      for (const id of this.membersOf.get(joinId) ?? []) {
        if (carriers.has(id)) continue
        this.nodesOf.get(id)?.delete(joinId)
        this.membersOf.get(joinId)?.delete(id)
      }
    }
  }

  /** The contacts a join still links once identifier node `except` no longer counts. */
  private carriersOfJoin (join: Join, except: string): number[] {
    const ids = [...join.contactIds]
    for (const field of ['email', 'phoneNumber'] as const) {
      const value = join.via?.[field] ?? null
      if (value === null || identifierNode(field, value) === except) continue
      ids.push(...this.membersOf.get(identifierNode(field, value)) ?? [])
    }
    return ids
  }
}

/** The join an event records, if it is one: a merge by request, or a backfilled link. */
function joinOf (event: IdentityEvent): Join | undefined {
  if (event.type === 'identities.merged' || event.type === 'merge.approved') return { event, via: event.join, contactIds: [] }
  if (event.type === 'links.backfilled') return { event, via: null, contactIds: event.joinedContactIds }
  return undefined
}
