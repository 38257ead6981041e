// npx tsx bench/erase-cost.ts: what erasing one identity of 10, 100 and 1000 contacts costs beside
// a fixed number of unrelated contacts (time and commands, dry run and real), and what suppression
// adds to a lookup (commands and time per POST /identify, with and without ERASURE_SECRET).
import { buildApp } from '../src/app.js'
import { countedDatabase, measure, seedTwoHalves } from './cost-fixture.js'

const SIZES = (process.env.BENCH_ERASE_SIZES ?? '10,100,1000').split(',').map(Number)
const BACKGROUND = Number(process.env.BENCH_ERASE_BACKGROUND ?? 1000)
const LOOKUPS = Number(process.env.BENCH_ERASE_LOOKUPS ?? 300)
const TOKEN = 'bench-admin-token-0123456789'
const SECRET = 'bench-erasure-secret-0123456789abcdef'

const { uri, counter, close } = await countedDatabase()

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

const erasures: string[] = []
const lookups: string[] = []
try {
  for (const size of SIZES) {
    const app = await appFor(String(size), true)
    try {
      await app.db.connection.dropDatabase()
      await seedTwoHalves(app, size, BACKGROUND)
      const erase = (dryRun: boolean) => async () => {
        const response = await app.inject({ method: 'POST', url: `/admin/erase?dryRun=${dryRun}`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { contactId: 1 } })
        if (response.statusCode !== 200 || response.json().contactIds.length !== size) throw new Error(`erasure failed: ${response.body.slice(0, 300)}`)
      }
      const dry = await measure(counter, erase(true))
      const real = await measure(counter, erase(false))
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
      // With an admin key configured every route wants a key: the admin key may call them all.
      const lookup = async () => {
        const response = await app.inject({ method: 'POST', url: '/identify', headers: { authorization: `Bearer ${TOKEN}` }, payload: { email: 'doc@bench.io', phoneNumber: '+15550009' } })
        if (response.statusCode !== 200) throw new Error(`lookup failed: ${response.body.slice(0, 300)}`)
      }
      await lookup()
      const run = await measure(counter, async () => {
        for (let i = 0; i < LOOKUPS; i++) await lookup()
      })
      lookups.push(`| ${secret ? 'set' : 'unset'} | ${(run.ms / LOOKUPS).toFixed(2)} | ${(run.commands / LOOKUPS).toFixed(1)} |`)
      await app.db.connection.dropDatabase()
    } finally {
      await app.close()
    }
  }
} finally {
  await close()
}

console.log(`| identity size | other contacts | dry run ms | dry run commands | erasure ms | erasure commands |
| ---: | ---: | ---: | ---: | ---: | ---: |
${erasures.join('\n')}

| ERASURE_SECRET | ms per lookup (email + phone) | commands per lookup |
| --- | ---: | ---: |
${lookups.join('\n')}`)
