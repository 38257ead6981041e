// npm run bench:import: 100,000 generated rows imported on FerretDB, beside 2,000 of them posted one
// by one to /identify, and a check of 5,000 rows against the reference model. Prints figures.
// Options: --rows N (100000), --baseline N (2000), --reference N (5000), --dry-run-only (time and
// peak memory of a dry run of --rows rows as its own process, no database; needs /usr/bin/time).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs, promisify } from 'node:util'
import { buildApp } from '../src/app.js'
import { startFerretDb } from '../src/db/ferretdb.js'
import { runImport } from '../src/import/run-import.js'
import { expectedContacts, validRowsByAge } from '../test/helpers/import-reference.js'
import { checkInvariants } from '../test/helpers/invariants.js'
import { generateTable, toCsv, type GeneratedTable } from './import-rows.js'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    baseline: { type: 'string', default: '2000' },
    reference: { type: 'string', default: '5000' },
    'dry-run-only': { type: 'boolean', default: false }
  }
})
const ROWS = Number(values.rows)
const quiet = { info: () => {}, warn: () => {} }
const run = promisify(execFile)
// The command's own heap cap (package.json, "import"): measured as it runs.
const HEAP_CAP = ['--max-old-space-size=768']
const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`
const dir = await mkdtemp(join(tmpdir(), 'bench-import-'))

/** The generated table written as CSV; a fifth of the rows in identities of several contacts, a few hubs, 1% invalid. */
async function csvOf (name: string, table: GeneratedTable): Promise<string> {
  const path = join(dir, `${name}.csv`)
  await writeFile(path, toCsv(table.rows))
  return path
}

/** Peak resident memory of this process so far (Linux reports kilobytes). */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024

try {
  const big = generateTable(ROWS, { seed: 1, hubs: 3 })
  const bigCsv = await csvOf('rows', big)
  if (values['dry-run-only']) {
    // The command as its own process, so that its memory is the import's alone.
    const started = performance.now()
    const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'peak RSS %M KiB', process.execPath, ...HEAP_CAP, '--import', 'tsx', 'src/import/import-cli.ts', bigCsv, '--dry-run', '--report', join(dir, 'report.json')],
      { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, maxBuffer: 1 << 26 })
    const peak = Number(/peak RSS (\d+) KiB/.exec(stderr)?.[1] ?? NaN) * 1024
    console.log(`dry run of ${ROWS} rows as its own process: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${mib(peak)}\n${stdout.trim()}`)
  } else {
    const external = process.env.MONGODB_URI
    const database = external === undefined ? await startFerretDb(quiet) : undefined
    const uri = external ?? database!.uri
    const env = (name: string) => ({ MONGODB_URI: uri, MONGODB_DB_NAME: `identity_bench_import_${name}`, LOG_LEVEL: 'silent', MONGODB_TIMEOUT_MS: '60000' })
    const dropDatabase = async (name: string): Promise<void> => {
      const app = await buildApp({ env: { ...env(name), MIGRATE_ON_START: 'false' } })
      await app.db.connection.dropDatabase()
      await app.close()
    }
    try {
      // 1. The whole table through the import.
      await dropDatabase('big')
      let started = performance.now()
      const { report } = await runImport([bigCsv, '--report', join(dir, 'report.json')], env('big'), () => {})
      const bigSeconds = (performance.now() - started) / 1000
      const { rows } = report
      console.log(`import of ${ROWS} rows: ${bigSeconds.toFixed(1)} s (${Math.round(ROWS / bigSeconds)} rows/s), peak RSS ${mib(peakRss())}; ` +
        `${rows.rejected} rejected, ${rows.created} contacts in ${report.identities.count} identities (${rows.created - (report.identities.histogram['1'] ?? 0)} contacts in identities of several), ` +
        `${rows.unchanged} rows brought nothing new, ${rows.joined} joins, ${rows.held + rows['held-again']} rows held in ${rows.held} held merges through ${report.guardrails.hubs.length} hubs`)

      // 2. The first rows (by age) of the same table: posted one by one, and imported.
      const first = validRowsByAge(big).slice(0, Number(values.baseline))
      const firstTable: GeneratedTable = { rows: first, invalidIds: new Set() }
      await dropDatabase('posted')
      const app = await buildApp({ env: env('posted') })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as { port: number }
      started = performance.now()
      for (const row of first) {
        const response = await fetch(`http://127.0.0.1:${port}/identify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: row.email, phoneNumber: row.phoneNumber }) })
        if (!response.ok && response.status !== 202) throw new Error(`POST /identify answered ${response.status}: ${await response.text()}`)
      }
      const postedSeconds = (performance.now() - started) / 1000
      await app.close()
      await dropDatabase('small')
      started = performance.now()
      await runImport([await csvOf('first', firstTable), '--report', join(dir, 'first.json')], env('small'), () => {})
      const importedSeconds = (performance.now() - started) / 1000
      console.log(`the first ${first.length} rows: posted one by one to /identify ${postedSeconds.toFixed(1)} s, imported ${importedSeconds.toFixed(1)} s: ${(postedSeconds / importedSeconds).toFixed(0)}x faster ` +
        `(per row, the ${ROWS}-row import is ${((postedSeconds / first.length) / (bigSeconds / ROWS)).toFixed(0)}x faster than posting)`)

      // 3. The imported state against the reference model (no hubs: the model knows no guardrails).
      const small = generateTable(Number(values.reference), { seed: 3 })
      await dropDatabase('reference')
      await runImport([await csvOf('reference', small), '--report', join(dir, 'reference.json')], env('reference'), () => {})
      const check = await buildApp({ env: { ...env('reference'), MIGRATE_ON_START: 'false' } })
      const stored = await check.db.models.Contact.find({}).sort({ _id: 1 }).lean()
      await check.close()
      const expected = expectedContacts(small)
      const same = JSON.stringify(stored.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId }))) === JSON.stringify(expected.contacts)
      const problems = checkInvariants(stored, expected.accepted)
      console.log(`reference model on ${small.rows.length} rows: ${same ? 'equal' : 'DIFFERENT'} (${stored.length} contacts), invariants: ${problems.length === 0 ? 'all hold' : problems.slice(0, 5).join('; ')}`)
      if (!same || problems.length > 0) process.exitCode = 1
      for (const name of ['big', 'posted', 'small', 'reference']) await dropDatabase(name)
    } finally {
      await database?.stop()
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
