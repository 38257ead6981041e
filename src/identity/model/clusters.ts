// Groups loaded contacts into clusters, following links the way a half-finished merge leaves them.
import { compareAge, type Contact } from './contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'

/** One identity: its primary and every contact linked to it, oldest first. */
export interface Cluster {
  primary: Contact
  contacts: Contact[]
  /**
   * Contacts other than the primary that still have contacts linked to them (or are flagged
   * `relinkPending`): the trace of a merge that has not finished. Their children belong to this
   * cluster; a writer re-points them to the primary.
   */
  staleParents: number[]
}

// A merge leaves at most one extra level per unfinished merge; more means corrupt data.
export const MAX_LINK_DEPTH = 8

/** What to load next so that every known contact's cluster is complete. */
export interface LinksToLoad {
  /** Contacts referenced as `linkedId` that are not loaded yet. */
  ids: number[]
  /** Contacts whose linked contacts (children) must be loaded. */
  childrenOf: number[]
}

/**
 * Given the contacts loaded so far and the ids whose children were already fetched, says what
 * is still missing. A secondary's `linkedId` is fetched together with its children, so a
 * normal cluster is complete after one round.
 */
export function linksToLoad (known: ReadonlyMap<number, Contact>, expanded: ReadonlySet<number>): LinksToLoad {
  const ids = new Set<number>()
  const childrenOf = new Set<number>()
  for (const contact of known.values()) {
    if (contact.linkedId === null || contact.relinkPending) childrenOf.add(contact.id)
    if (contact.linkedId !== null) {
      childrenOf.add(contact.linkedId)
      if (!known.has(contact.linkedId)) ids.add(contact.linkedId)
    }
  }
  for (const id of expanded) childrenOf.delete(id)
  return { ids: [...ids], childrenOf: [...childrenOf] }
}

function rootOf (contact: Contact, known: ReadonlyMap<number, Contact>): Contact {
  let node = contact
  for (let depth = 0; node.linkedId !== null; depth++) {
    const parent = known.get(node.linkedId)
    if (parent === undefined || depth >= MAX_LINK_DEPTH) {
      throw new IdentityError(ErrorCodes.BROKEN_LINKS, `contact ${contact.id} does not resolve to a primary`)
    }
    node = parent
  }
  return node
}

/**
 * Groups a closed set of contacts (every link target and child loaded) into clusters,
 * ordered oldest primary first.
 */
export function assembleClusters (contacts: Iterable<Contact>): Cluster[] {
  const known = new Map<number, Contact>()
  for (const contact of contacts) known.set(contact.id, contact)
  const byRoot = new Map<number, Cluster>()
  for (const contact of known.values()) {
    const primary = rootOf(contact, known)
    let cluster = byRoot.get(primary.id)
    if (cluster === undefined) {
      cluster = { primary, contacts: [], staleParents: [] }
      byRoot.set(primary.id, cluster)
    }
    cluster.contacts.push(contact)
  }
  for (const cluster of byRoot.values()) {
    cluster.contacts.sort(compareAge)
    const stale = new Set<number>()
    for (const contact of cluster.contacts) {
      if (contact.linkedId !== null && contact.linkedId !== cluster.primary.id) stale.add(contact.linkedId)
      if (contact.relinkPending && contact.id !== cluster.primary.id) stale.add(contact.id)
    }
    cluster.staleParents = [...stale].sort((a, b) => a - b)
  }
  return [...byRoot.values()].sort((a, b) => compareAge(a.primary, b.primary))
}
