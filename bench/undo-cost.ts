// npm run bench:undo: what undoing one merge costs for identities of 10, 100 and 1000 contacts,
// beside the same fixed number of unrelated contacts: time (dry run and real) and commands. The
// lease is long: on FerretDB a 1000-contact split takes longer than half the default one.
import { buildApp } from '../src/app.js'
import { countedDatabase, measure, seedTwoHalves } from './cost-fixture.js'

const SIZES = (process.env.BENCH_UNDO_SIZES ?? '10,100,1000').split(',').map(Number)
const BACKGROUND = Number(process.env.BENCH_UNDO_BACKGROUND ?? 1000)
const TOKEN = 'bench-admin-token-0123456789'

const { uri, counter, close } = await countedDatabase()

const rows: string[] = []
try {
  for (const size of SIZES) {
    const app = await buildApp({ env: { MONGODB_URI: uri.toString(), MONGODB_DB_NAME: `identity_bench_undo_${size}`, ADMIN_TOKEN: TOKEN, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', IDENTITY_SIZE_LIMIT: '1000000', GENERIC_IDENTIFIER_LIMIT: '1000000', MONGODB_TIMEOUT_MS: '60000', LOCK_LEASE_MS: '300000' } })
    try {
      await app.db.connection.dropDatabase()
      await seedTwoHalves(app, size, BACKGROUND)
      const mergeId = (await app.db.models.Event.findOne({ type: 'identities.merged' }).lean())!._id
      const undo = async (dryRun: boolean) => await measure(counter, async () => {
        const response = await app.inject({ method: 'POST', url: `/admin/undo?dryRun=${dryRun}`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { eventId: mergeId } })
        if (response.statusCode !== 200 || response.json().split !== true) {
          // The cause, which the answer keeps to itself.
          await app.undo.undo({ eventId: mergeId }, { dryRun }, { requestId: null, actor: 'bench' }).catch((error: unknown) => console.error((error as Error).cause ?? error))
          throw new Error(`undo failed: ${response.body}`)
        }
      })
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
  await close()
}

console.log(`| identity size | other contacts | dry run ms | dry run commands | undo ms | undo commands |
| ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`)
