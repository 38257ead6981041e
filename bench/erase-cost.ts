// npx tsx bench/erase-cost.ts: what erasing one identity of 10, 100 and 1000 contacts costs beside
// a fixed number of unrelated contacts (time and commands, dry run and real), and what suppression
// adds to a lookup (commands and time per POST /identify, with and without ERASURE_SECRET).
import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app.js'
import { startFerretDb } from '../src/db/ferretdb.js'
import { diffCounts, startWireCounter } from './wire-counter.js'

const SIZES = (process.env.BENCH_ERASE_SIZES ?? '10,100,1000').split(',').map(Number)
const BACKGROUND = Number(process.env.BENCH_ERASE_BACKGROUND ?? 1000)
const LOOKUPS = Number(process.env.BENCH_ERASE_LOOKUPS ?? 300)
const TOKEN = 'bench-admin-token-0123456789'
const SECRET = 'bench-erasure-secret-0123456789abcdef'
const quiet = { info: () => {}, warn: () => {} }

const external = process.env.MONGODB_URI
const database = external === undefined ? await startFerretDb(quiet) : undefined
const uri = new URL(external ?? database!.uri)
const counter = await startWireCounter({ host: uri.hostname, port: Number(uri.port || 27017) })
uri.host = `127.0.0.1:${counter.port}`

type App = Awaited<ReturnType<typeof buildApp>>
const appFor = async (name: string, secret: boolean): Promise<App> => await buildApp({
  env: {
    MONGODB_URI: uri.toString(),
    MONGODB_DB_NAME: `identity_bench_erase_${name}`,
    ADMIN_TOKEN: TOKEN,
    ...(secret ? { ERASURE_SECRET: SECRET } : {}),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    IDENTITY_SIZE_LIMIT: '1000000',
    GENERIC_IDENTIFIER_LIMIT: '1000000',
    MONGODB_TIMEOUT_MS: '60000',
    LOCK_LEASE_MS: '300000'
  }
})

/** Time and commands of one call. */
async function measure (call: () => Promise<void>): Promise<{ ms: number, commands: number }> {
  const before = counter.snapshot()
  const started = performance.now()
  await call()
  const ms = performance.now() - started
  return { ms, commands: [...diffCounts(before, counter.snapshot()).values()].reduce((a, b) => a + b, 0) }
}

const erasures: string[] = []
const lookups: string[] = []
try {
  for (const size of SIZES) {
    const app = await appFor(String(size), true)
    try {
      await app.db.connection.dropDatabase()
      await seed(app, size)
      const erase = (dryRun: boolean) => async () => {
        const response = await app.inject({ method: 'POST', url: `/admin/erase?dryRun=${dryRun}`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { contactId: 1 } })
        if (response.statusCode !== 200 || response.json().contactIds.length !== size) throw new Error(`erasure failed: ${response.body.slice(0, 300)}`)
      }
      const dry = await measure(erase(true))
      const real = await measure(erase(false))
      erasures.push(`| ${size} | ${BACKGROUND} | ${dry.ms.toFixed(0)} | ${dry.commands} | ${real.ms.toFixed(0)} | ${real.commands} |`)
      console.error(`[bench:erase] ${size} contacts: dry run ${dry.ms.toFixed(0)} ms, erasure ${real.ms.toFixed(0)} ms`)
      await app.db.connection.dropDatabase()
    } finally {
      await app.close()
    }
  }
  // A lookup of a known email, LOOKUPS times in a row: the suppression screen is one read by _id per identifier.
  for (const secret of [false, true]) {
    const app = await appFor(`lookups_${String(secret)}`, secret)
    try {
      await app.db.connection.dropDatabase()
      await app.inject({ method: 'POST', url: '/identify', payload: { email: 'doc@bench.io', phoneNumber: '+15550009' } })
      const run = await measure(async () => {
        for (let i = 0; i < LOOKUPS; i++) await app.inject({ method: 'POST', url: '/identify', payload: { email: 'doc@bench.io', phoneNumber: '+15550009' } })
      })
      lookups.push(`| ${secret ? 'set' : 'unset'} | ${(run.ms / LOOKUPS).toFixed(2)} | ${(run.commands / LOOKUPS).toFixed(1)} |`)
      await app.db.connection.dropDatabase()
    } finally {
      await app.close()
    }
  }
} finally {
  await counter.close()
  await database?.stop()
}

console.log(`| identity size | other contacts | dry run ms | dry run commands | erasure ms | erasure commands |
| ---: | ---: | ---: | ---: | ---: | ---: |
${erasures.join('\n')}

| ERASURE_SECRET | ms per lookup (email + phone) | commands per lookup |
| --- | ---: | ---: |
${lookups.join('\n')}`)

/**
 * One identity of `size` contacts (two halves, each sharing a phone, that one request joined) and
 * BACKGROUND unrelated contacts, written as the service writes them: events with their causes.
 */
async function seed (app: App, size: number): Promise<void> {
  const at = new Date()
  const half = size / 2
  const contacts = []
  for (let i = 1; i <= size + BACKGROUND; i++) {
    const inIdentity = i <= size
    const phoneNumber = inIdentity ? (i <= half ? '+15550001' : '+15550002') : `+1666${i}`
    const linkedId = !inIdentity || i === 1 ? null : 1
    contacts.push({ _id: i, email: `c${i}@bench.io`, phoneNumber, linkedId, linkPrecedence: linkedId === null ? 'primary' : 'secondary', createdAt: new Date(at.getTime() + i), updatedAt: at, deletedAt: null })
  }
  await app.db.models.Contact.insertMany(contacts)
  const events: Array<Record<string, unknown>> = contacts.map((c, i) => ({
    _id: i + 1,
    at,
    type: 'contact.created',
    requestId: null,
    actor: null,
    contactIds: [c._id],
    cause: { email: c.email, phoneNumber: c.phoneNumber },
    data: { contactId: c._id, linkedId: c.linkedId },
    unit: `seed-${c._id}`
  }))
  const join = { email: 'c1@bench.io', phoneNumber: '+15550002' }
  const members = contacts.filter(c => c._id > half && c._id <= size).map(c => c._id)
  events.push({ _id: events.length + 1, at, type: 'identities.merged', requestId: null, actor: null, contactIds: [1, ...members], cause: join, data: { primaryId: 1, mergedPrimaryIds: [half + 1], join }, unit: 'seed-merge' })
  await app.db.models.Event.insertMany(events)
}
