// One run of `npm run import`: report first, then write the import (or resume it), or send the rows through the service.
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { buildApp, type App } from '../app.js'
import { ConfigError, loadConfig } from '../config.js'
import { Blocklist, BUILT_IN_RULES } from '../identity/rules/guardrails.js'
import { applyThroughService } from './into-existing.js'
import { finishJob, refusalOf, startJob, writePlan } from './import-writer.js'
import { planImport } from './plan.js'
import { startProgress } from './progress.js'
import { summary, type ImportReport } from './report.js'
import { openSource, UsageError } from './sources.js'

const USAGE = 'usage: npm run import -- <file.csv | file.ndjson | postgres://...> [--table name] [--dry-run] [--into-existing] [--report file]'

export interface ImportRun {
  /** The exit status: 0 done (or nothing left to do). */
  code: number
  report: ImportReport
}

/**
 * One run of the command: read and plan, write the report, then (unless a dry run) write the
 * import or resume its job. `env`: the settings (process.env and .env by default); `print`:
 * where the summary goes.
 * @throws UsageError, ConfigError, ImportRefused for what the user can fix
 */
export async function runImport (args: string[], env?: Record<string, string | undefined>, print: (line: string) => void = console.log): Promise<ImportRun> {
  const { values, positionals } = parseOptions(args)
  if (positionals.length !== 1) throw new UsageError(`name one source\n${USAGE}`)
  const source = openSource(positionals[0]!, values.table)
  const dryRun = values['dry-run']
  const { config, env: settings } = await loadConfig({ env })
  if (config.MONGODB_URI === undefined && !dryRun) throw new ConfigError(['MONGODB_URI (or DATABASE_URL) is not set: name the database to import into (a --dry-run needs none)'])
  // A dry run writes nothing, not even the collections and indexes a start creates.
  const app: App | undefined = config.MONGODB_URI === undefined ? undefined : await buildApp({ env: { ...settings, ...(dryRun ? { MIGRATE_ON_START: 'false' } : {}) } })
  try {
    // A file's bytes measure the way (its rows are not known before the end); a table's rows are not counted first.
    const reading = startProgress('reading', source.bytes?.total ?? 0)
    const plan = await planImport(source.read(), {
      source: source.name,
      // Without a database, a dry run knows the built-in rules only (operators' rules live there).
      blocklist: app?.blocklist.blocklist() ?? new Blocklist(BUILT_IN_RULES),
      limits: { identitySize: config.IDENTITY_SIZE_LIMIT, genericIdentifier: config.GENERIC_IDENTIFIER_LIMIT },
      region: config.PHONE_DEFAULT_REGION,
      onRead: rows => { reading.update(source.bytes?.read() ?? rows, rows) }
    })
    reading.stop()
    const reportFile = values.report ?? `import-report-${plan.report.jobId}.json`
    await writeFile(reportFile, JSON.stringify(plan.report, null, 2) + '\n')
    print(`${summary(plan.report)}\nreport: ${reportFile}`)
    const done = { code: 0, report: plan.report }
    if (dryRun || app === undefined) {
      const refusal = app === undefined ? null : await refusalOf(app.db, plan.report.jobId, values['into-existing'])
      if (refusal !== null) print(`note: ${refusal}`)
      return done
    }

    const job = await startJob(app.db, plan.report.jobId, source.name, values['into-existing'])
    if (job.finishedAt !== null) {
      print(`job ${job._id} finished at ${job.finishedAt.toISOString()}: nothing left to write`)
      return done
    }
    if (values['into-existing']) {
      const progress = startProgress('identify', plan.valid.length)
      const applied = await applyThroughService(app.db, app.identity, plan.valid, job, done => { progress.update(done) })
      progress.stop()
      print(`sent ${plan.valid.length - job.rowsApplied} rows through the rules: ${Object.entries(applied).map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`)
    } else {
      const progress = startProgress('writing', plan.contacts.length + plan.events.length, 'documents')
      await writePlan(app.db, plan, job, ({ written }) => { progress.update(written) })
      progress.stop()
      print(`imported ${plan.contacts.length} contacts and ${plan.events.length} events (job ${job._id})`)
    }
    await finishJob(app.db, job._id)
    return done
  } finally {
    await app?.close()
  }
}

function parseOptions (args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'into-existing': { type: 'boolean', default: false },
        table: { type: 'string' },
        report: { type: 'string' }
      }
    })
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
  }
}
