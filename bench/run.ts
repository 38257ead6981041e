// `npm run bench`: the service vs a raw-driver baseline on one database; writes bench/results/latest.md.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { execFileSync } from 'node:child_process'
import { buildService, compileBaseline, freePort, processCpuMs, ROOT, startChild, startFerretDb, stopAll, track, type Child } from './processes.js'
import { renderReport, type BenchReport } from './report.js'
import { buildDataset, buildScaleDataset, describeSizes, writeDataset } from './seed.js'
import { census, scaling, type Target } from './sequential.js'
import { startDelayProxy } from './delay-proxy.js'
import { diffCounts, startWireCounter, waitQuiet, type WireCounter } from './wire-counter.js'
import { load, RequestSource, WORKLOADS, type LoadResult, type Workload } from './workloads.js'

const { MongoClient } = mongoose.mongo

const HELP = `Usage: npm run bench -- [options]   (each option also reads BENCH_<NAME>, e.g. BENCH_CONTACTS=5000)

  --contacts N        contacts in the realistic data set (default 2000; FerretDB scans every query, see bench/README.md)
  --pairs N           single-contact cluster pairs for the merge workloads (default 150)
  --connections N     autocannon connections (default 10)
  --duration S        seconds per measured run (default 10)
  --warmup S          seconds of warm-up before each run (default 2)
  --timeout S         autocannon request timeout (default 30)
  --workloads LIST    comma-separated subset of ${WORKLOADS.join(',')} (default all)
  --census N          sequential requests per type for the command count (default 5; 0 skips)
  --writers LIST      writer counts for the scale-out table: new customers created by 1, 32, ... writers at once
                      (e.g. 1,32; default "" skips it)
  --db-delay MS       hold every chunk between a target and the database MS ms each way (a round trip of
                      2 x MS), through bench/delay-proxy.ts (default 0: no proxy)
  --scale-sizes LIST  cluster sizes for the scaling table (default 1,100,1000,10000; "" skips)
  --scale-requests N  sequential requests per size and kind (default 10)
  --runner R          dist (npm run build, node dist/server.js; default) or tsx (node --import tsx src/server.ts)
  --seed N            data set seed (default 42)
  --max-minutes N     hard limit for the whole run (default 20)
  --out FILE          where to write the Markdown (default bench/results/latest.md)

MONGODB_URI: use that server (a single host) instead of starting a FerretDB; the benchmark drops and
recreates the databases identity_bench_* on it.`

function parseOptions () {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean' },
      contacts: { type: 'string' },
      pairs: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      timeout: { type: 'string' },
      workloads: { type: 'string' },
      census: { type: 'string' },
      writers: { type: 'string' },
      'db-delay': { type: 'string' },
      'scale-sizes': { type: 'string' },
      'scale-requests': { type: 'string' },
      runner: { type: 'string' },
      seed: { type: 'string' },
      'max-minutes': { type: 'string' },
      out: { type: 'string' }
    }
  })
  if (values.help === true) {
    console.log(HELP)
    process.exit(0)
  }
  const raw = (name: keyof typeof values, fallback: string): string => {
    const value = values[name] ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
    return typeof value === 'string' ? value : fallback
  }
  const int = (name: keyof typeof values, fallback: number, min = 0): number => {
    const value = Number(raw(name, String(fallback)))
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`)
    return value
  }
  const list = (text: string) => text.split(',').map(s => s.trim()).filter(s => s !== '')
  const workloads = list(raw('workloads', WORKLOADS.join(',')))
  for (const w of workloads) if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload ${w}`)
  const runner = raw('runner', 'dist')
  if (runner !== 'dist' && runner !== 'tsx') throw new Error('--runner must be dist or tsx')
  return {
    contacts: int('contacts', 2000, 10),
    pairs: int('pairs', 150),
    connections: int('connections', 10, 1),
    durationSec: int('duration', 10, 1),
    warmupSec: int('warmup', 2),
    timeoutSec: int('timeout', 30, 1),
    workloads: workloads as Workload[],
    census: int('census', 5),
    writers: list(raw('writers', '')).map(Number).filter(n => Number.isInteger(n) && n > 0),
    dbDelayMs: int('db-delay', 0),
    scaleSizes: list(raw('scale-sizes', '1,100,1000,10000')).map(Number).filter(n => Number.isInteger(n) && n > 0),
    scaleRequests: int('scale-requests', 10, 1),
    runner,
    seed: int('seed', 42),
    maxMinutes: int('max-minutes', 20, 1),
    out: path.resolve(ROOT, raw('out', 'bench/results/latest.md'))
  }
}

const t0 = performance.now()
function log (message: string): void {
  console.error(`[bench +${Math.round((performance.now() - t0) / 1000)}s] ${message}`)
}

/** Points a single-host URI at the wire counter; directConnection keeps the driver from going around it. */
function throughProxy (uri: string, port: number): string {
  const url = new URL(uri)
  url.host = `127.0.0.1:${port}`
  url.searchParams.set('directConnection', 'true')
  return url.toString()
}

type Options = ReturnType<typeof parseOptions>

async function main (options: Options): Promise<void> {
  const startedAt = new Date()
  const notes: string[] = []
  await mkdir(path.dirname(options.out), { recursive: true })
  const resultsDir = path.join(ROOT, 'bench', 'results')
  await mkdir(resultsDir, { recursive: true })

  if (options.runner === 'dist') {
    log('building the service (npm run build)')
    await buildService()
  }
  const baselineArgs = options.runner === 'dist' ? [await compileBaseline()] : ['--import', 'tsx', 'bench/baseline-server.ts']

  // The database: MONGODB_URI, or a FerretDB of our own that is thrown away at the end.
  let dbUri: string
  let dbDescription: string
  let dbHost: { host: string, port: number }
  let dbPid: number | null = null
  const external = process.env.MONGODB_URI
  if (external !== undefined && external !== '') {
    const url = new URL(external)
    if (url.protocol !== 'mongodb:' || url.hostname === '' || url.hostname.includes(',')) {
      throw new Error('MONGODB_URI must be a single-host mongodb:// URI (the benchmark counts commands through a proxy)')
    }
    dbUri = external
    dbHost = { host: url.hostname, port: Number(url.port === '' ? 27017 : url.port) }
    dbDescription = `${url.hostname}:${dbHost.port} (MONGODB_URI)`
  } else {
    log('starting FerretDB')
    const ferret = await startFerretDb()
    dbUri = ferret.uri
    dbHost = { host: ferret.host, port: ferret.port }
    dbDescription = ferret.description
    dbPid = ferret.pid
  }

  const admin = new MongoClient(dbUri, { serverSelectionTimeoutMS: 5000 })
  track({ name: 'seed client', stop: async () => { await admin.close() }, stopSync: () => {} })
  await admin.connect()
  const info = await admin.db('admin').command({ buildInfo: 1 }) as { version?: string, ferretdbVersion?: string }
  dbDescription += `; reports version ${info.version ?? '?'}${info.ferretdbVersion === undefined ? '' : ` (FerretDB ${info.ferretdbVersion})`}`
  const names: Record<Target['name'] | 'scaleService' | 'scaleBaseline', string> = { service: 'identity_bench_service', baseline: 'identity_bench_baseline', scaleService: 'identity_bench_scale_service', scaleBaseline: 'identity_bench_scale_baseline' }
  if (external !== undefined && external !== '') {
    track({
      name: 'bench databases',
      stop: async () => { for (const name of Object.values(names)) await admin.db(name).dropDatabase().catch(() => {}) },
      stopSync: () => {}
    })
  }

  // Same data set in two databases, one per target.
  const dataset = buildDataset(options.contacts, options.pairs, options.seed)
  let t = performance.now()
  await writeDataset(admin.db(names.service), dataset.contacts)
  await writeDataset(admin.db(names.baseline), dataset.contacts)
  log(`seeded ${dataset.contacts.length} contacts into each target's database in ${Math.round(performance.now() - t)} ms`)
  const scaleDataset = options.scaleSizes.length > 0 ? buildScaleDataset(options.scaleSizes, options.scaleRequests, options.seed + 1) : null
  if (scaleDataset !== null) {
    t = performance.now()
    await writeDataset(admin.db(names.scaleService), scaleDataset.contacts)
    await writeDataset(admin.db(names.scaleBaseline), scaleDataset.contacts)
    log(`seeded the scaling data set (${scaleDataset.contacts.length} contacts) in ${Math.round(performance.now() - t)} ms`)
  }

  // With a delay, both targets reach the database through one delaying proxy (the seeding above
  // went straight to it): a network hop of 2 x delay per round trip.
  let upstream = dbHost
  if (options.dbDelayMs > 0) {
    const proxy = await startDelayProxy(dbHost, options.dbDelayMs)
    track({ name: 'delay proxy', stop: proxy.close, stopSync: () => {} })
    upstream = { host: '127.0.0.1', port: proxy.port }
    dbDescription += `; reached through bench/delay-proxy.ts, ${options.dbDelayMs} ms each way (${2 * options.dbDelayMs} ms round trip)`
  }
  // Each target talks to the database through its own counting proxy.
  const counters: Record<Target['name'], WireCounter> = {
    service: await startWireCounter(upstream),
    baseline: await startWireCounter(upstream)
  }
  for (const counter of Object.values(counters)) track({ name: 'wire counter', stop: counter.close, stopSync: () => {} })

  const startTargets = async (db: { service: string, baseline: string }): Promise<[Child, Child]> => {
    const servicePort = await freePort()
    const serviceArgs = options.runner === 'dist' ? ['dist/server.js'] : ['--import', 'tsx', 'src/server.ts']
    const service = await startChild({
      name: 'service',
      args: serviceArgs,
      port: servicePort,
      readyPath: '/health/ready',
      logFile: path.join(resultsDir, 'service.log'),
      env: {
        MONGODB_URI: throughProxy(dbUri, counters.service.port),
        MONGODB_DB_NAME: db.service,
        PORT: String(servicePort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // A load test, not a deadline test: FerretDB's scans under load pass the default bound of
        // one operation, and every request would measure a 503 instead of its work.
        MONGODB_TIMEOUT_MS: '30000',
        // The blocklist's periodic re-read (every 2 s by default) is no request's work: once in
        // 10 minutes, it does not land in the commands counted per request.
        BLOCKLIST_REFRESH_MS: '600000',
        // Whatever the caller's shell says, the benchmark measures the documented defaults.
        RESPONSE_SHAPE: 'flat',
        PHONE_DEFAULT_REGION: ''
      }
    })
    const baselinePort = await freePort()
    const baseline = await startChild({
      name: 'baseline',
      args: baselineArgs,
      port: baselinePort,
      readyPath: '/health',
      logFile: path.join(resultsDir, 'baseline.log'),
      env: { MONGODB_URI: throughProxy(dbUri, counters.baseline.port), MONGODB_DB_NAME: db.baseline, PORT: String(baselinePort), HOST: '127.0.0.1' }
    })
    return [service, baseline]
  }

  const memory: BenchReport['memory'] = []
  const stopTargets = async (children: readonly Child[], phase: string) => {
    for (const child of children) {
      memory.push({ process: child.name, phase, peakKiB: await child.peakRssKiB() })
      if (child.problems.length > 0) notes.push(`${child.name} logged ${child.problems.length} warnings/errors during ${phase}; first: ${child.problems[0]?.slice(0, 300)}`)
      await child.stop()
    }
  }

  log('starting the service and the baseline')
  let [service, baseline] = await startTargets({ service: names.service, baseline: names.baseline })
  const ready = await (await fetch(`${service.url}/health/ready`)).json() as { transactions?: boolean }
  const targets: [Target, Target] = [
    { name: 'service', url: service.url, counter: counters.service },
    { name: 'baseline', url: baseline.url, counter: counters.baseline }
  ]
  const sources: [RequestSource, RequestSource] = [new RequestSource(dataset), new RequestSource(dataset)]

  const censusRows = options.census > 0 ? await census(targets, sources, options.census, options.timeoutSec * 1000, 300 + 4 * options.dbDelayMs) : []
  if (censusRows.length > 0) log(`census done: ${censusRows.map(r => `${r.kind} ${[...r.commands.service.values()].reduce((a, b) => a + b, 0).toFixed(1)} vs ${[...r.commands.baseline.values()].reduce((a, b) => a + b, 0).toFixed(1)} commands`).join(', ')}`)

  const children = { service, baseline }
  /** One measured autocannon run of a workload on one target, from freshly seeded data, after a warm-up. */
  const measure = async (target: Target, source: RequestSource, workload: Workload, connections: number, seed: number): Promise<LoadResult> => {
    // Every run starts from the seeded data: the faster target must not face a bigger table.
    await writeDataset(admin.db(names[target.name]), dataset.contacts)
    source.reset()
    if (options.warmupSec > 0) {
      await load(target.url, { connections, durationSec: options.warmupSec, timeoutSec: options.timeoutSec },
        stop => source.generator(workload, seed + 500, stop))
      // Autocannon drops requests still in flight at the end; let the target finish them first.
      await waitQuiet(target.counter)
    }
    const cpuBefore = [await children[target.name].cpuMs(), await processCpuMs(dbPid)]
    const commandsBefore = target.counter.snapshot()
    const byCollectionBefore = target.counter.snapshotByCollection()
    const run = await load(target.url, { connections, durationSec: options.durationSec, timeoutSec: options.timeoutSec },
      stop => source.generator(workload, seed, stop))
    await waitQuiet(target.counter)
    const cpuAfter = [await children[target.name].cpuMs(), await processCpuMs(dbPid)]
    const commands = [...diffCounts(commandsBefore, target.counter.snapshot()).values()].reduce((a, b) => a + b, 0)
    const perRequest = (k: number) => {
      const before = cpuBefore[k]
      const after = cpuAfter[k]
      // The CPU counted includes the requests still in flight at the end, so divide by those sent.
      return before == null || after == null || run.sent === 0 ? null : (after - before) / run.sent
    }
    const commandsByCollection = [...diffCounts(byCollectionBefore, target.counter.snapshotByCollection())]
      .map(([key, count]): [string, number] => [key, run.sent === 0 ? 0 : count / run.sent]).sort((a, b) => b[1] - a[1])
    const result = { ...run, cpuMsPerRequest: perRequest(0), dbCpuMsPerRequest: perRequest(1), commandsPerRequest: run.sent === 0 ? null : commands / run.sent, commandsByCollection }
    log(`${workload}, ${connections} connections, on ${target.name}: ${result.reqPerSec.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.requests} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.commandsPerRequest?.toFixed(1) ?? '?'} commands/request, CPU ms/request: own ${result.cpuMsPerRequest?.toFixed(1) ?? '?'}, database ${result.dbCpuMsPerRequest?.toFixed(1) ?? '?'}`)
    if (result.stoppedEarly) notes.push(`${workload} on ${target.name}: the merge pool (${options.pairs} pairs) ran out, so the run stopped early; raise --pairs.`)
    return result
  }

  const workloads: BenchReport['workloads'] = []
  for (const [index, workload] of options.workloads.entries()) {
    const results: Partial<Record<Target['name'], LoadResult>> = {}
    for (const [i, target] of targets.entries()) {
      results[target.name] = await measure(target, sources[i] as RequestSource, workload, options.connections, options.seed * 1000 + index)
    }
    if (results.service !== undefined && results.baseline !== undefined) workloads.push({ workload, service: results.service, baseline: results.baseline })
  }

  // Scale-out: unrelated new customers, created by 1, 32, ... writers at once; the targets take turns.
  const writers: BenchReport['writers'] = []
  for (const count of options.writers) {
    const results: Partial<Record<Target['name'], LoadResult>> = {}
    for (const [i, target] of targets.entries()) {
      results[target.name] = await measure(target, sources[i] as RequestSource, 'new-primary', count, options.seed * 1000 + 100 + count)
    }
    if (results.service !== undefined && results.baseline !== undefined) writers.push({ writers: count, service: results.service, baseline: results.baseline })
  }
  for (const [i, target] of targets.entries()) {
    const overflow = sources[i]?.overflow ?? 0
    if (overflow > 0) notes.push(`${target.name}: ${overflow} merge requests found the pool used up and were sent as lookups.`)
  }
  await stopTargets([service, baseline], 'load + census')

  let scaleRows = null
  if (scaleDataset !== null) {
    log('scaling: restarting both on the scaling databases');
    [service, baseline] = await startTargets({ service: names.scaleService, baseline: names.scaleBaseline })
    const scaleTargets: [Target, Target] = [
      { name: 'service', url: service.url, counter: counters.service },
      { name: 'baseline', url: baseline.url, counter: counters.baseline }
    ]
    scaleRows = await scaling(scaleTargets, scaleDataset, options.timeoutSec * 1000 * 4, log)
    await stopTargets([service, baseline], 'scaling')
  }

  const cpus = os.cpus()
  // Read-only git queries: which code was measured (others may be editing src/ meanwhile).
  let revision = 'unknown revision'
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== ''
    revision = `commit ${head}${dirty ? ' with uncommitted changes in src/' : ''}`
  } catch {}
  const report: BenchReport = {
    startedAt,
    elapsedSec: (performance.now() - t0) / 1000,
    machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; database, service, baseline and load generator share the machine`,
    database: dbDescription,
    service: `${revision}; ${options.runner === 'dist' ? 'node dist/server.js (npm run build)' : 'node --import tsx src/server.ts'}, LOG_LEVEL=warn, MONGODB_TIMEOUT_MS=30000, default pool and retry settings; transactions: ${String(ready.transactions)}. Baseline: bench/baseline-server.ts (node:http + raw driver), ${options.runner === 'dist' ? 'compiled to JavaScript' : 'under tsx'} like the service. Each reaches the database through a counting TCP proxy in the bench process.`,
    settings: `${options.connections} connections, ${options.warmupSec} s warm-up + ${options.durationSec} s measured per workload and target, request timeout ${options.timeoutSec} s; the target's database is reseeded before each run`,
    dataset: `${dataset.contacts.length - 2 * dataset.pairs.length} contacts in ${dataset.clusters.length} clusters (sizes ${describeSizes(dataset.clusters)}) + ${dataset.pairs.length} merge pairs = ${dataset.contacts.length} contacts, seed ${options.seed}`,
    census: censusRows,
    workloads,
    writers,
    roundTripMs: 2 * options.dbDelayMs,
    scaling: scaleRows === null || scaleDataset === null
      ? null
      : { rows: scaleRows, dataset: `Separate databases holding one chain cluster per size plus ${options.scaleRequests} younger single contacts each (${scaleDataset.contacts.length} contacts in all, so every query scans the same table). Lookup: by the primary's email. Merge: the primary's email + a single contact's phone, so the single joins the big cluster (one contact re-pointed; the answer lists the whole cluster).` },
    memory,
    notes
  }
  const markdown = renderReport(report)
  await writeFile(options.out, markdown)
  console.log(markdown)
  log(`wrote ${path.relative(process.cwd(), options.out)}`)
}

let exiting = false
async function shutdown (code: number): Promise<never> {
  if (!exiting) {
    exiting = true
    await stopAll()
  }
  process.exit(code)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a Ctrl-C reaches this process twice (directly and relayed by tsx), and the
  // second must not kill it half way through the clean-up.
  process.on(signal, () => {
    if (exiting) return
    log(`${signal}: stopping everything this run started`)
    shutdown(130).catch(() => {})
  })
}

try {
  const options = parseOptions()
  // Whatever hangs, the run ends and its children are stopped.
  const watchdog = setTimeout(() => {
    log(`the run exceeded ${options.maxMinutes} minutes; stopping`)
    shutdown(1).catch(() => {})
  }, options.maxMinutes * 60_000)
  watchdog.unref()
  await main(options)
  await shutdown(0)
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  await shutdown(1)
}
