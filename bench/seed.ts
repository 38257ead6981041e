// Deterministic data sets in the service's own schema (src/db/models.ts), written straight to the database.
import type { mongo } from 'mongoose'

export interface SeedContact {
  id: number
  email: string | null
  phoneNumber: string | null
  linkedId: number | null
  createdAt: Date
}

/** A cluster as the rules leave it: the oldest contact is the primary, the others point at it. */
export interface SeedCluster { contacts: SeedContact[] }

export interface Dataset {
  /** Every contact, by ascending id. */
  contacts: SeedContact[]
  /** The realistic part: clusters of varied sizes (lookups and new secondaries use these). */
  clusters: SeedCluster[]
  /** Pairs of single-contact clusters, older first; a request with a's email and b's phone merges them. */
  pairs: Array<[SeedContact, SeedContact]>
}

export interface ScaleDataset {
  contacts: SeedContact[]
  /** Per size: one cluster of that many contacts and younger single contacts that merge into it. */
  groups: Array<{ size: number, cluster: SeedCluster, joiners: SeedContact[] }>
}

/** mulberry32: small, fast and reproducible, so that both targets and every run see the same data. */
export function prng (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Most identities are one contact; a few people use many addresses and numbers over the years.
const SIZE_BUCKETS: Array<[share: number, min: number, max: number]> = [
  [0.55, 1, 1], [0.2, 2, 2], [0.1, 3, 3], [0.08, 4, 6], [0.05, 7, 15], [0.02, 16, 40]
]
const FIRST = ['ana', 'ben', 'chen', 'dana', 'emil', 'fatima', 'george', 'hana', 'ivan', 'jo', 'kofi', 'lena', 'marty', 'nora', 'omar', 'priya']
const LAST = ['brown', 'mcfly', 'tanen', 'baines', 'strickland', 'garcia', 'kim', 'novak', 'okafor', 'silva', 'weber', 'ito']
const DOMAINS = ['hillvalley.edu', 'example.com', 'mail.example.org', 'corp.example.net']
// Seeded contacts are this old: younger than anything the service creates during the run.
const EPOCH = Date.now() - 400 * 24 * 3600_000

function drawSize (rng: () => number): number {
  let r = rng()
  for (const [share, min, max] of SIZE_BUCKETS) {
    if (r < share) return min + Math.floor(rng() * (max - min + 1))
    r -= share
  }
  return 1
}

class Values {
  private phone = 0
  constructor (private readonly rng: () => number) {}
  email (tag: string): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(this.rng() * list.length)] as T
    return `${pick(FIRST)}.${pick(LAST)}.${tag}@${pick(DOMAINS)}`
  }

  // Ten digits without "+": not a valid number for libphonenumber without a default region, so the
  // service stores it as sent (src/identity/rules/normalize.ts), exactly as the baseline does.
  phoneNumber (): string { return String(3_000_000_000 + this.phone++ * 7) }
}

/**
 * Contact k of a chain cluster shares one value with contact k-1 and brings one new value, the way
 * a cluster grows through requests: (e0,p0) (e1,p0) (e1,p1) (e2,p1) ...
 */
function chainValues (size: number, tag: string, values: Values, rng: () => number): Array<Pick<SeedContact, 'email' | 'phoneNumber'>> {
  if (size === 1) {
    const r = rng()
    // Some contacts are known by one field only.
    return [{ email: r < 0.9 ? values.email(tag) : null, phoneNumber: r < 0.8 || r >= 0.9 ? values.phoneNumber() : null }]
  }
  const emails: string[] = []
  const phones: string[] = []
  return Array.from({ length: size }, (_, k) => {
    const e = Math.ceil(k / 2)
    const p = Math.floor(k / 2)
    emails[e] ??= values.email(`${tag}-${e}`)
    phones[p] ??= values.phoneNumber()
    return { email: emails[e] ?? null, phoneNumber: phones[p] ?? null }
  })
}

/** `contacts` contacts in clusters of varied sizes, created interleaved in time, plus `pairs` merge pairs. */
export function buildDataset (contacts: number, pairs: number, seed: number): Dataset {
  const rng = prng(seed)
  const values = new Values(rng)
  const shapes: Array<Array<Pick<SeedContact, 'email' | 'phoneNumber'>>> = []
  for (let total = 0; total < contacts;) {
    const size = Math.min(drawSize(rng), contacts - total)
    shapes.push(chainValues(size, `c${shapes.length}`, values, rng))
    total += size
  }
  // Interleave creation times across clusters (ids follow creation order, as the service allocates
  // them) while each cluster keeps its primary oldest.
  const keys = shapes.map(shape => shape.map(() => rng()).sort((a, b) => a - b))
  const order = shapes.flatMap((shape, c) => shape.map((_, k) => ({ c, k, key: keys[c]?.[k] ?? 0 })))
    .sort((a, b) => a.key - b.key)
  const byCluster: SeedContact[][] = shapes.map(() => [])
  const all: SeedContact[] = []
  for (const { c, k } of order) {
    const id = all.length + 1
    const value = shapes[c]?.[k]
    const members = byCluster[c]
    if (value === undefined || members === undefined) throw new Error('unreachable')
    const contact = { id, ...value, linkedId: members[0]?.id ?? null, createdAt: new Date(EPOCH + id * 1000) }
    members.push(contact)
    all.push(contact)
  }
  const pairList: Array<[SeedContact, SeedContact]> = []
  for (let i = 0; i < pairs; i++) {
    const make = (side: string): SeedContact => {
      const id = all.length + 1
      const contact = { id, email: values.email(`pair${i}${side}`), phoneNumber: values.phoneNumber(), linkedId: null, createdAt: new Date(EPOCH + id * 1000) }
      all.push(contact)
      return contact
    }
    const a = make('a')
    pairList.push([a, make('b')])
  }
  return { contacts: all, clusters: byCluster.map(members => ({ contacts: members })), pairs: pairList }
}

/** For each size, one chain cluster of that size followed by `joiners` younger single contacts. */
export function buildScaleDataset (sizes: readonly number[], joiners: number, seed: number): ScaleDataset {
  const rng = prng(seed)
  const values = new Values(rng)
  const all: SeedContact[] = []
  const add = (value: Pick<SeedContact, 'email' | 'phoneNumber'>, linkedId: number | null): SeedContact => {
    const id = all.length + 1
    const contact = { id, ...value, linkedId, createdAt: new Date(EPOCH + id * 1000) }
    all.push(contact)
    return contact
  }
  const groups = sizes.map(size => {
    const members: SeedContact[] = []
    for (const value of chainValues(size, `big${size}`, values, () => 0)) members.push(add(value, members[0]?.id ?? null))
    const singles = Array.from({ length: joiners }, (_, i) => add({ email: values.email(`join${size}-${i}`), phoneNumber: values.phoneNumber() }, null))
    return { size, cluster: { contacts: members }, joiners: singles }
  })
  return { contacts: all, groups }
}

/**
 * Drops `db` and writes the contacts, the id counter and the service's indexes (same as migrate).
 * The counters survive a reseed, raised past the seeded ids: a running service keeps the id block
 * it reserved, and a counter set back below it would hand out its ids again (ids are never
 * reused; the service would meet them as collisions and retry).
 */
export async function writeDataset (db: mongo.Db, contacts: readonly SeedContact[]): Promise<void> {
  const counters = await db.collection<{ _id: string, value?: number }>('counters').find({}).toArray()
  await db.dropDatabase()
  await db.createCollection('contacts')
  await db.createCollection('counters')
  // The service's lock documents start empty too.
  await db.createCollection('locks')
  const collection = db.collection<{ _id: number }>('contacts')
  // The indexes of src/db/models.ts, so that writes cost what they cost for the service.
  await collection.createIndexes([{ key: { email: 1 } }, { key: { phoneNumber: 1 } }, { key: { linkedId: 1 } }])
  for (let i = 0; i < contacts.length; i += 1000) {
    await collection.insertMany(contacts.slice(i, i + 1000).map(contact => ({
      _id: contact.id,
      email: contact.email,
      phoneNumber: contact.phoneNumber,
      linkedId: contact.linkedId,
      linkPrecedence: contact.linkedId === null ? 'primary' : 'secondary',
      createdAt: contact.createdAt,
      updatedAt: contact.createdAt,
      deletedAt: null
    })), { ordered: false })
  }
  const highest = contacts.at(-1)?.id ?? 0
  const kept = counters.filter(counter => counter._id !== 'contacts')
  const contactsCounter = Math.max(highest, counters.find(counter => counter._id === 'contacts')?.value ?? 0)
  await db.collection<{ _id: string, value?: number }>('counters').insertMany([...kept, { _id: 'contacts', value: contactsCounter }])
}

/** Clusters by size bucket, for the report. */
export function describeSizes (clusters: readonly SeedCluster[]): string {
  const buckets = [[1, 1], [2, 3], [4, 6], [7, 15], [16, 40]] as const
  return buckets.map(([min, max]) => {
    const n = clusters.filter(c => c.contacts.length >= min && c.contacts.length <= max).length
    return `${min === max ? min : `${min}-${max}`}: ${n}`
  }).join(', ')
}
