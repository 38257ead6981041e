// npm run bench:undo: what undoing one merge costs for identities of 10, 100 and 1000 contacts,
// beside the same fixed number of unrelated contacts: time (dry run and real) and commands. The
// lease is long: on FerretDB a 1000-contact split takes longer than half the default one.
import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app.js'
import { startFerretDb } from '../src/db/ferretdb.js'
import { diffCounts, startWireCounter } from './wire-counter.js'

const SIZES = (process.env.BENCH_UNDO_SIZES ?? '10,100,1000').split(',').map(Number)
const BACKGROUND = Number(process.env.BENCH_UNDO_BACKGROUND ?? 1000)
const TOKEN = 'bench-admin-token-0123456789'
const quiet = { info: () => {}, warn: () => {} }

const external = process.env.MONGODB_URI
const database = external === undefined ? await startFerretDb(quiet) : undefined
const uri = new URL(external ?? database!.uri)
const counter = await startWireCounter({ host: uri.hostname, port: Number(uri.port || 27017) })
uri.host = `127.0.0.1:${counter.port}`

const rows: string[] = []
try {
  for (const size of SIZES) {
    const app = await buildApp({ env: { MONGODB_URI: uri.toString(), MONGODB_DB_NAME: `identity_bench_undo_${size}`, ADMIN_TOKEN: TOKEN, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', IDENTITY_SIZE_LIMIT: '1000000', GENERIC_IDENTIFIER_LIMIT: '1000000', MONGODB_TIMEOUT_MS: '60000', LOCK_LEASE_MS: '300000' } })
    try {
      await app.db.connection.dropDatabase()
      await seed(app, size)
      const mergeId = (await app.db.models.Event.findOne({ type: 'identities.merged' }).lean())!._id
      const undo = async (dryRun: boolean) => {
        const before = counter.snapshot()
        const started = performance.now()
        const response = await app.inject({ method: 'POST', url: `/admin/undo?dryRun=${dryRun}`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { eventId: mergeId } })
        const ms = performance.now() - started
        if (response.statusCode !== 200 || response.json().split !== true) {
          // The cause, which the answer keeps to itself.
          await app.undo.undo({ eventId: mergeId }, { dryRun }, { requestId: null, actor: 'bench' }).catch((error: unknown) => console.error((error as Error).cause ?? error))
          throw new Error(`undo failed: ${response.body}`)
        }
        const commands = [...diffCounts(before, counter.snapshot()).values()].reduce((a, b) => a + b, 0)
        return { ms, commands }
      }
      const dry = await undo(true)
      const real = await undo(false)
      rows.push(`| ${size} | ${BACKGROUND} | ${dry.ms.toFixed(0)} | ${dry.commands} | ${real.ms.toFixed(0)} | ${real.commands} |`)
      console.error(`[bench:undo] ${size} contacts: dry run ${dry.ms.toFixed(0)} ms, undo ${real.ms.toFixed(0)} ms`)
      await app.db.connection.dropDatabase()
    } finally {
      await app.close()
    }
  }
} finally {
  await counter.close()
  await database?.stop()
}

console.log(`| identity size | other contacts | dry run ms | dry run commands | undo ms | undo commands |
| ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`)

/**
 * One identity of `size` contacts made of two halves (each sharing a phone) that one request
 * joined, plus BACKGROUND unrelated contacts; written as the service writes them, events included.
 */
async function seed (app: Awaited<ReturnType<typeof buildApp>>, size: number): Promise<void> {
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
  const events: Array<Record<string, unknown>> = contacts.map((c, i) => ({ _id: i + 1, at, type: 'contact.created', requestId: null, actor: null, contactIds: [c._id], cause: null, data: { contactId: c._id, linkedId: c._id <= half ? (c._id === 1 ? null : 1) : (c._id === half + 1 ? null : half + 1) }, unit: `seed-${c._id}` }))
  const join = { email: 'c1@bench.io', phoneNumber: '+15550002' }
  const members = contacts.filter(c => c._id > half && c._id <= size).map(c => c._id)
  events.push({ _id: events.length + 1, at, type: 'identities.merged', requestId: null, actor: null, contactIds: [1, ...members], cause: join, data: { primaryId: 1, mergedPrimaryIds: [half + 1], join }, unit: 'seed-merge' })
  await app.db.models.Event.insertMany(events)
}
