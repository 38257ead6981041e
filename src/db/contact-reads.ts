// Queries of contacts and the complete clusters they belong to: no Mongo document leaves this file.
import type { ClientSession } from 'mongoose'
import { assembleClusters, linksToLoad, MAX_LINK_DEPTH, type Cluster } from '../identity/model/clusters.js'
import type { Contact, ContactKeys } from '../identity/model/contact.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ContactDocument, Models } from './models.js'

const CONTACT_FIELDS = { email: 1, phoneNumber: 1, linkedId: 1, linkPrecedence: 1, createdAt: 1, deletedAt: 1, relinkPending: 1, fence: 1, unit: 1, change: 1 } as const
export type ContactRow = Pick<ContactDocument, '_id' | 'email' | 'phoneNumber' | 'linkedId' | 'linkPrecedence' | 'createdAt' | 'deletedAt' | 'relinkPending' | 'fence' | 'unit' | 'change'>

/** Clusters as read, with the highest fencing token among the rows they came from and the ids of the erased ones. */
export interface ReadResult { clusters: Cluster[], highestFence: number, erased: Set<number> }

export class ContactReads {
  constructor (private readonly models: Models, private readonly session?: ClientSession) {}

  /**
   * The complete clusters of the contacts that hold `keys` and of `primaryIds`: the keys and the
   * known clusters in one round trip, then links a half-finished merge left (usually none).
   * An erased identity (its primary erased) is left out unless `withErased` (a repair finishing it).
   */
  async clusters (keys: ContactKeys | null, primaryIds: readonly number[] = [], withErased = false): Promise<ReadResult> {
    const or = linkedClauses(primaryIds, primaryIds)
    if (keys?.email != null) or.push({ email: keys.email })
    if (keys?.phoneNumber != null) or.push({ phoneNumber: keys.phoneNumber })
    const seeds = await this.findAny(or)
    const read = await this.complete(seeds, primaryIds)
    return withErased ? read : { ...read, clusters: read.clusters.filter(c => !read.erased.has(c.primary.id)) }
  }

  /**
   * The contacts matching any of `clauses`, in one command. One `$or` rather than a query per
   * clause: MongoDB serves each clause from its index, and FerretDB v1 on SQLite pushes down only
   * a filter of exactly `{ _id: <string> }`, so every other query scans the collection once,
   * whether it holds one clause or three (measured: about the same CPU for either).
   */
  private async findAny (clauses: object[]): Promise<ContactRow[]> {
    if (clauses.length === 0) return []
    return await this.find(clauses.length === 1 ? clauses[0]! : { $or: clauses })
  }

  /**
   * The cluster of contact `id`, or null when there is no such contact.
   * @throws IdentityError CONTACT_ERASED when the contact or its identity was erased
   */
  async clusterOf (id: number): Promise<Cluster | null> {
    const seeds = await this.find({ _id: id })
    if (seeds.length === 0) return null
    const read = await this.complete(seeds)
    const cluster = read.clusters.find(c => c.contacts.some(m => m.id === id))
    if (cluster === undefined) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `contact ${id} moved while read`)
    if (read.erased.has(id) || read.erased.has(cluster.primary.id)) throw new IdentityError(ErrorCodes.CONTACT_ERASED, `contact ${id} was erased`)
    return cluster
  }

  /** Contacts last written by the change `unit` (a repair's question about a crashed change). */
  async writtenBy (unit: string): Promise<ContactRow[]> {
    return await this.models.Contact.find({ unit }, CONTACT_FIELDS, { session: this.session }).lean<ContactRow[]>()
  }

  /** Loads links until every contact's cluster is complete; `expanded`: ids whose children are loaded. */
  private async complete (seeds: ContactRow[], expanded: Iterable<number> = []): Promise<ReadResult> {
    let highestFence = 0
    const known = new Map<number, Contact>()
    const erased = new Set<number>()
    const add = (rows: ContactRow[]): void => {
      for (const row of rows) {
        known.set(row._id, toContact(row))
        highestFence = Math.max(highestFence, row.fence ?? 0)
        if (row.deletedAt != null) erased.add(row._id)
      }
    }
    add(seeds)
    const expandedIds = new Set(expanded)
    for (let round = 0; ; round++) {
      const { ids, childrenOf } = linksToLoad(known, expandedIds)
      if (ids.length === 0 && childrenOf.length === 0) return { clusters: assembleClusters(known.values()), highestFence, erased }
      // Links kept moving while we read: a merge is in flight.
      if (round > MAX_LINK_DEPTH) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'clusters kept changing while read')
      for (const id of childrenOf) expandedIds.add(id)
      add(await this.find({ $or: linkedClauses(ids, childrenOf) }))
    }
  }

  private async find (filter: object): Promise<ContactRow[]> {
    return await this.models.Contact.find(filter, CONTACT_FIELDS, { session: this.session }).lean<ContactRow[]>()
  }
}

/** `$or` clauses for the contacts with one of `ids` and the contacts linked to one of `childrenOf`. */
function linkedClauses (ids: readonly number[], childrenOf: readonly number[]): object[] {
  const or: object[] = []
  if (ids.length > 0) or.push({ _id: { $in: ids } })
  if (childrenOf.length > 0) or.push({ linkedId: { $in: childrenOf } })
  return or
}

export function toContact (row: ContactRow): Contact {
  return {
    id: row._id,
    email: row.email ?? null,
    phoneNumber: row.phoneNumber ?? null,
    linkedId: row.linkedId ?? null,
    linkPrecedence: row.linkPrecedence,
    createdAt: row.createdAt,
    relinkPending: row.relinkPending === true
  }
}
