// Renders the benchmark's findings as Markdown tables.
import type { CensusRow, ScaleRow } from './sequential.js'
import type { LoadResult, Workload } from './workloads.js'

export interface BenchReport {
  startedAt: Date
  elapsedSec: number
  machine: string
  database: string
  service: string
  settings: string
  dataset: string
  census: CensusRow[]
  workloads: Array<{ workload: Workload, service: LoadResult, baseline: LoadResult }>
  /** New customers created by N writers at once (--writers). */
  writers: Array<{ writers: number, service: LoadResult, baseline: LoadResult }>
  /** The round trip the delay proxy adds (0: none). */
  roundTripMs: number
  scaling: { rows: ScaleRow[], dataset: string } | null
  memory: Array<{ process: string, phase: string, peakKiB: number | null }>
  notes: string[]
}

const DESCRIPTIONS: Record<Workload, string> = {
  lookup: 'lookup (known email/phone, writes nothing)',
  'new-primary': 'new primary (new email + new phone)',
  'new-secondary': 'new secondary (known phone + new email)',
  merge: 'merge (two single-contact clusters)',
  mix: 'mix (70 % lookup, 10 % each write)'
}

function ms (value: number): string {
  if (!Number.isFinite(value)) return '–'
  return value < 10 ? value.toFixed(1) : value.toFixed(0)
}

function ratio (service: number, baseline: number): string {
  return Number.isFinite(service) && Number.isFinite(baseline) && baseline > 0 ? `${(service / baseline).toFixed(2)}×` : '–'
}

function table (header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => i === 0 ? ' --- ' : ' ---: ').join('|')}|`,
    ...rows.map(row => `| ${row.join(' | ')} |`)
  ].join('\n')
}

function commands (counts: Map<string, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${Number(n.toFixed(1))}`)
  return `**${Number(total.toFixed(1))}** (${parts.join(', ')})`
}

function later (counts: Map<string, number>): string {
  return counts.size === 0 ? '0' : commands(counts)
}

/** A latency in round trips of `roundTripMs`. */
function roundTrips (latencyMs: number | undefined, roundTripMs: number): string {
  return latencyMs === undefined || !Number.isFinite(latencyMs) ? '–' : (latencyMs / roundTripMs).toFixed(1)
}

/** "18 + 104": the target's CPU ms per request and the database's. */
function cpuSplit (result: LoadResult): string {
  const part = (value: number | null) => value === null ? '?' : value.toFixed(0)
  return `${part(result.cpuMsPerRequest)} + ${part(result.dbCpuMsPerRequest)}`
}

/** "find contacts 2, insert locks 1, ...": commands per request by collection, those under 0.05 left out. */
function byCollection (result: LoadResult): string {
  return result.commandsByCollection.filter(([, count]) => count >= 0.05).map(([key, count]) => `${key} ${Number(count.toFixed(2))}`).join(', ') || '–'
}

function outcome (result: LoadResult): string {
  const bad = result.non2xx + result.errors
  return `${result.requests}${bad > 0 ? ` (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)` : ', all 2xx'}${result.stoppedEarly ? ', merge pool used up' : ''}`
}

export function renderReport (report: BenchReport): string {
  const out: string[] = []
  out.push('# Benchmark: identity service vs raw-driver baseline', '')
  out.push(`- When: ${report.startedAt.toISOString()} (run took ${Math.round(report.elapsedSec)} s)`)
  out.push(`- Machine: ${report.machine}`)
  out.push(`- Database: ${report.database}`)
  out.push(`- Service: ${report.service}`)
  out.push(`- Load: ${report.settings}`)
  out.push(`- Data set (each target has its own copy): ${report.dataset}`, '')

  if (report.workloads.length > 0) {
    out.push('## Throughput and latency under load (autocannon, after a warm-up)', '')
    out.push(table(
      ['workload', 'service req/s', 'baseline req/s', 'ratio', 'service p50 ms', 'baseline p50 ms', 'ratio', 'service p99 ms', 'baseline p99 ms', 'ratio', 'service requests', 'baseline requests'],
      report.workloads.map(({ workload, service, baseline }) => [
        DESCRIPTIONS[workload],
        service.reqPerSec.toFixed(1), baseline.reqPerSec.toFixed(1), ratio(service.reqPerSec, baseline.reqPerSec),
        ms(service.p50), ms(baseline.p50), ratio(service.p50, baseline.p50),
        ms(service.p99), ms(baseline.p99), ratio(service.p99, baseline.p99),
        outcome(service), outcome(baseline)
      ])), '')
    out.push('Ratios are service / baseline: below 1× for req/s and above 1× for latency mean the service is slower.', '')
    out.push('CPU time per request in the same runs (from /proc/<pid>/stat, divided by the requests sent), of the target process and of the database server:', '')
    const cpu = (value: number | null) => value === null ? '–' : value.toFixed(1)
    out.push(table(
      ['workload', 'service CPU ms/req', 'baseline CPU ms/req', 'database CPU ms/req, service run', 'database CPU ms/req, baseline run', 'ratio'],
      report.workloads.map(({ workload, service, baseline }) => [
        workload, cpu(service.cpuMsPerRequest), cpu(baseline.cpuMsPerRequest),
        cpu(service.dbCpuMsPerRequest), cpu(baseline.dbCpuMsPerRequest),
        ratio(service.dbCpuMsPerRequest ?? NaN, baseline.dbCpuMsPerRequest ?? NaN)
      ])), '')
  }

  if (report.writers.length > 0) {
    out.push(`## Scale-out: unrelated new customers, N writers at once${report.roundTripMs > 0 ? ` (${report.roundTripMs} ms round trip to the database)` : ''}`, '')
    const first = report.writers[0]
    const gain = (result: LoadResult, base: LoadResult | undefined) => base === undefined || base.reqPerSec === 0 ? '–' : `${(result.reqPerSec / base.reqPerSec).toFixed(1)}×`
    const perCommand = (value: number | null) => value === null ? '–' : value.toFixed(1)
    out.push(table(
      ['writers', 'service new customers/s', `gain vs ${first?.writers ?? '?'}`, 'baseline new customers/s', `gain vs ${first?.writers ?? '?'}`, 'service / baseline',
        'service p50 ms', 'baseline p50 ms', 'service commands/request', 'baseline commands/request',
        'service CPU ms/request (own + database)', 'baseline CPU ms/request (own + database)', 'service requests', 'baseline requests'],
      report.writers.map(({ writers, service, baseline }) => [
        String(writers),
        service.reqPerSec.toFixed(1), gain(service, first?.service), baseline.reqPerSec.toFixed(1), gain(baseline, first?.baseline),
        ratio(service.reqPerSec, baseline.reqPerSec), ms(service.p50), ms(baseline.p50),
        perCommand(service.commandsPerRequest), perCommand(baseline.commandsPerRequest),
        cpuSplit(service), cpuSplit(baseline), outcome(service), outcome(baseline)
      ])), '')
    for (const { writers, service, baseline } of report.writers) {
      out.push(`- ${writers} writer${writers === 1 ? '' : 's'}, commands per request by collection: service ${byCollection(service)}; baseline ${byCollection(baseline)}`)
    }
    out.push('')
    out.push('Commands per request: every command counted on the wire during the measured run (retries included), divided by the requests sent. ' +
      'CPU: of the target\'s process and of the database server during the run, divided by the requests sent (all processes share the machine\'s cores).' +
      (report.roundTripMs > 0 ? ` Round trips implied by one writer's median latency: service ${roundTrips(first?.service.p50, report.roundTripMs)}, baseline ${roundTrips(first?.baseline.p50, report.roundTripMs)}.` : ''), '')
  }

  out.push('## Database commands per request (sequential requests, counted on the wire)', '')
  const trips = (value: { before: number, after: number }) => `**${Number(value.before.toFixed(1))}**${value.after > 0 ? ` (+${Number(value.after.toFixed(1))} after)` : ''}`
  out.push(table(
    ['request', 'service round trips before the answer', 'baseline round trips', 'service commands before the answer', 'after it', 'baseline commands before the answer', 'after it', 'service ms (median)', 'baseline ms (median)', 'identical answers'],
    report.census.map(row => [
      row.kind, trips(row.roundTrips.service), trips(row.roundTrips.baseline),
      commands(row.commands.service), later(row.later.service), commands(row.commands.baseline), later(row.later.baseline),
      ms(row.medianMs.service), ms(row.medianMs.baseline), `${row.requests - row.mismatches}/${row.requests}`
    ])), '')
  out.push('A round trip: a command sent while no other command of that target awaits its reply starts one; commands sent at once (on several connections) share it. "After it": what the target sent once its answer was out (until it went quiet).', '')
  const censusFailures = report.census.flatMap(row => row.failures.map(failure => `${row.kind}: ${failure}`))
  if (censusFailures.length > 0) out.push('Differences:', '', ...censusFailures.slice(0, 10).map(f => `- ${f}`), '')

  if (report.scaling !== null) {
    out.push('## Latency as a cluster grows (sequential requests, p50)', '')
    out.push(`${report.scaling.dataset}`, '')
    out.push(table(
      ['cluster size', 'lookup: service ms', 'baseline ms', 'ratio', 'merge into it: service ms', 'baseline ms', 'ratio', 'requests each'],
      report.scaling.rows.map(row => [
        String(row.size),
        ms(row.lookupMs.service), ms(row.lookupMs.baseline), ratio(row.lookupMs.service, row.lookupMs.baseline),
        ms(row.mergeMs.service), ms(row.mergeMs.baseline), ratio(row.mergeMs.service, row.mergeMs.baseline),
        String(row.requests) + (row.failures.length > 0 ? ` (${row.failures.length} failed)` : '')
      ])), '')
    const failures = report.scaling.rows.flatMap(row => row.failures.map(f => `size ${row.size}: ${f}`))
    if (failures.length > 0) out.push('Failures:', '', ...failures.slice(0, 10).map(f => `- ${f}`), '')
  }

  out.push('## Peak memory (VmHWM of each process)', '')
  out.push(table(['process', 'phase', 'peak RSS MiB'],
    report.memory.map(m => [m.process, m.phase, m.peakKiB === null ? '–' : (m.peakKiB / 1024).toFixed(1)])), '')

  if (report.notes.length > 0) out.push('## Notes', '', ...report.notes.map(note => `- ${note}`), '')
  return out.join('\n')
}
