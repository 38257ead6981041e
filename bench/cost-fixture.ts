// What the undo and erasure cost benchmarks share: a database behind a command counter, a measured call, and one identity of two halves seeded as the service writes it.
import { performance } from 'node:perf_hooks'
import type { buildApp } from '../src/app.js'
import { startFerretDb } from '../src/db/ferretdb.js'
import { diffCounts, startWireCounter, type WireCounter } from './wire-counter.js'

type App = Awaited<ReturnType<typeof buildApp>>

export interface CountedDatabase {
  /** The URI to give the service: it reaches the database through the counter. */
  uri: URL
  counter: WireCounter
  close: () => Promise<void>
}

/** MONGODB_URI, or a FerretDB of its own, behind a wire counter. */
export async function countedDatabase (): Promise<CountedDatabase> {
  const external = process.env.MONGODB_URI
  const database = external === undefined ? await startFerretDb({ info: () => {}, warn: () => {} }) : undefined
  const uri = new URL(external ?? database!.uri)
  const counter = await startWireCounter({ host: uri.hostname, port: Number(uri.port || 27017) })
  uri.host = `127.0.0.1:${counter.port}`
  return { uri, counter, close: async () => { await counter.close(); await database?.stop() } }
}

/** Time and database commands of one call. */
export async function measure (counter: WireCounter, call: () => Promise<void>): Promise<{ ms: number, commands: number }> {
  const before = counter.snapshot()
  const started = performance.now()
  await call()
  const ms = performance.now() - started
  return { ms, commands: [...diffCounts(before, counter.snapshot()).values()].reduce((a, b) => a + b, 0) }
}

/**
 * One identity of `size` contacts (two halves, each sharing a phone, that one request joined: the
 * `identities.merged` event) and `background` unrelated contacts, written as the service writes
 * them: each contact with its creation event, as it was linked when created.
 */
export async function seedTwoHalves (app: App, size: number, background: number): Promise<void> {
  const at = new Date()
  const half = size / 2
  const contacts = []
  for (let i = 1; i <= size + background; i++) {
    const inIdentity = i <= size
    const phoneNumber = inIdentity ? (i <= half ? '+15550001' : '+15550002') : `+1666${i}`
    const linkedId = !inIdentity || i === 1 ? null : 1
    contacts.push({ _id: i, email: `c${i}@bench.io`, phoneNumber, linkedId, linkPrecedence: linkedId === null ? 'primary' : 'secondary', createdAt: new Date(at.getTime() + i), updatedAt: at, deletedAt: null })
  }
  await app.db.models.Contact.insertMany(contacts)
  // Before the join, the second half was an identity of its own under contact half + 1.
  const linkedAtCreation = (id: number): number | null => id > size ? null : id <= half ? (id === 1 ? null : 1) : (id === half + 1 ? null : half + 1)
  const events: Array<Record<string, unknown>> = contacts.map((c, i) => ({
    _id: i + 1,
    at,
    type: 'contact.created',
    requestId: null,
    actor: null,
    contactIds: [c._id],
    cause: { email: c.email, phoneNumber: c.phoneNumber },
    data: { contactId: c._id, linkedId: linkedAtCreation(c._id), email: c.email, phoneNumber: c.phoneNumber, createdAt: c.createdAt },
    unit: `seed-${c._id}`
  }))
  const join = { email: 'c1@bench.io', phoneNumber: '+15550002' }
  const members = contacts.filter(c => c._id > half && c._id <= size).map(c => c._id)
  events.push({ _id: events.length + 1, at, type: 'identities.merged', requestId: null, actor: null, contactIds: [1, ...members], cause: join, data: { primaryId: 1, mergedPrimaryIds: [half + 1], join }, unit: 'seed-merge' })
  await app.db.models.Event.insertMany(events)
}
