// One request at a time: database commands per request type (the census) and latency as clusters grow.
import { diffCounts, waitQuiet, type WireCounter } from './wire-counter.js'
import type { ScaleDataset } from './seed.js'
import { prng } from './seed.js'
import type { Body, RequestKind, RequestSource } from './workloads.js'

export interface Target { name: 'service' | 'baseline', url: string, counter: WireCounter }

interface Reply {
  status: number
  text: string
  ms: number
  /** Commands sent before the answer arrived. */
  commands: Map<string, number>
  /** Commands sent after it (a lock released once the answer is out), when the caller waited for them. */
  later: Map<string, number>
  /** Round trips before the answer, and after it (see WireCounter.roundTrips). */
  roundTrips: number
  laterRoundTrips: number
}

/** `settleMs`: how long the target must stay quiet after the answer for its later commands to count (0: none counted). */
async function post (target: Target, body: Body, timeoutMs: number, settleMs = 0): Promise<Reply> {
  const before = target.counter.snapshot()
  const tripsBefore = target.counter.roundTrips()
  const start = performance.now()
  let status = 0
  let text: string
  try {
    const response = await fetch(`${target.url}/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs)
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    // A timeout or a connection the server closed (its own request timeout) is a result too.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    text = `${error instanceof Error ? error.message : String(error)}${cause}`
  }
  const ms = performance.now() - start
  const answered = target.counter.snapshot()
  const tripsAnswered = target.counter.roundTrips()
  if (settleMs > 0) await waitQuiet(target.counter, settleMs, 10 * settleMs)
  return {
    status,
    text,
    ms,
    commands: diffCounts(before, answered),
    later: diffCounts(answered, target.counter.snapshot()),
    roundTrips: tripsAnswered - tripsBefore,
    laterRoundTrips: target.counter.roundTrips() - tripsAnswered
  }
}

export function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface CensusRow {
  kind: RequestKind
  requests: number
  /** Commands per request before its answer, by name, per target. */
  commands: Record<Target['name'], Map<string, number>>
  /** Commands per request after its answer (until the target went quiet), by name, per target. */
  later: Record<Target['name'], Map<string, number>>
  /** Round trips per request before its answer, and after it, per target. */
  roundTrips: Record<Target['name'], { before: number, after: number }>
  medianMs: Record<Target['name'], number>
  /** Requests whose two answers differed, or that were not 200. */
  mismatches: number
  failures: string[]
}

/**
 * Sends the same `perKind` requests of each kind to both targets (their data sets are copies, so
 * the answers must be identical) and counts the database commands each one made.
 */
export async function census (targets: readonly [Target, Target], sources: readonly [RequestSource, RequestSource],
  perKind: number, timeoutMs: number, settleMs: number): Promise<CensusRow[]> {
  const rows: CensusRow[] = []
  // One creation first, not counted: a process reserves contact ids a block at a time (three more
  // round trips once per block), and the census counts what a request costs in steady state.
  for (const [index, target] of targets.entries()) {
    const reply = await post(target, (sources[index] as RequestSource).next('new-primary', prng(98), () => {}), timeoutMs, settleMs)
    if (reply.status !== 200) throw new Error(`census warm-up on ${target.name}: ${reply.status} ${reply.text.slice(0, 200)}`)
  }
  for (const kind of ['lookup', 'new-primary', 'new-secondary', 'merge'] as const) {
    const rngs = [prng(99), prng(99)]
    const row: CensusRow = {
      kind,
      requests: perKind,
      commands: { service: new Map(), baseline: new Map() },
      later: { service: new Map(), baseline: new Map() },
      roundTrips: { service: { before: 0, after: 0 }, baseline: { before: 0, after: 0 } },
      medianMs: { service: NaN, baseline: NaN },
      mismatches: 0,
      failures: []
    }
    const ms: Record<Target['name'], number[]> = { service: [], baseline: [] }
    for (let i = 0; i < perKind; i++) {
      const replies: Reply[] = []
      for (const [index, target] of targets.entries()) {
        const body = (sources[index] as RequestSource).next(kind, rngs[index] as () => number, () => {})
        const reply = await post(target, body, timeoutMs, settleMs)
        replies.push(reply)
        ms[target.name].push(reply.ms)
        for (const [name, n] of reply.commands) row.commands[target.name].set(name, (row.commands[target.name].get(name) ?? 0) + n / perKind)
        for (const [name, n] of reply.later) row.later[target.name].set(name, (row.later[target.name].get(name) ?? 0) + n / perKind)
        row.roundTrips[target.name].before += reply.roundTrips / perKind
        row.roundTrips[target.name].after += reply.laterRoundTrips / perKind
        if (reply.status !== 200) row.failures.push(`${target.name} ${reply.status}: ${reply.text.slice(0, 200)}`)
      }
      if (replies[0]?.status !== 200 || replies[0]?.text !== replies[1]?.text) {
        row.mismatches++
        if (row.failures.length < 3) row.failures.push(`different answers: service ${replies[0]?.text.slice(0, 200)} / baseline ${replies[1]?.text.slice(0, 200)}`)
      }
    }
    row.medianMs = { service: median(ms.service), baseline: median(ms.baseline) }
    rows.push(row)
  }
  return rows
}

export interface ScaleRow {
  size: number
  lookupMs: Record<Target['name'], number>
  mergeMs: Record<Target['name'], number>
  requests: number
  failures: string[]
}

/**
 * For each cluster size: `requests` lookups of the cluster by its primary's email, then `requests`
 * merges of a younger single-contact cluster into it. The targets take turns, request by request.
 */
export async function scaling (targets: readonly [Target, Target], dataset: ScaleDataset, timeoutMs: number,
  onProgress: (message: string) => void): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = []
  for (const group of dataset.groups) {
    const primary = group.cluster.contacts[0]
    if (primary?.email == null) throw new Error('a scale cluster without a primary email')
    const times = { lookup: { service: [] as number[], baseline: [] as number[] }, merge: { service: [] as number[], baseline: [] as number[] } }
    const failures: string[] = []
    const check = (target: Target, reply: Reply, minSecondaries: number) => {
      const body = reply.status === 200 ? JSON.parse(reply.text) as { primaryContactId: number, secondaryContactIds: number[] } : null
      if (body === null || body.primaryContactId !== primary.id || body.secondaryContactIds.length < minSecondaries) {
        failures.push(`${target.name} ${reply.status}: ${reply.text.slice(0, 200)}`)
      }
    }
    for (let i = 0; i < group.joiners.length; i++) {
      for (const target of targets) {
        const reply = await post(target, { email: primary.email }, timeoutMs)
        times.lookup[target.name].push(reply.ms)
        check(target, reply, group.size - 1)
      }
    }
    for (const [i, joiner] of group.joiners.entries()) {
      for (const target of targets) {
        const reply = await post(target, { email: primary.email, phoneNumber: joiner.phoneNumber ?? '' }, timeoutMs)
        times.merge[target.name].push(reply.ms)
        check(target, reply, group.size + i)
      }
    }
    const row: ScaleRow = {
      size: group.size,
      lookupMs: { service: median(times.lookup.service), baseline: median(times.lookup.baseline) },
      mergeMs: { service: median(times.merge.service), baseline: median(times.merge.baseline) },
      requests: group.joiners.length,
      failures
    }
    onProgress(`cluster of ${group.size}: lookup p50 ${row.lookupMs.service.toFixed(0)} / ${row.lookupMs.baseline.toFixed(0)} ms, merge p50 ${row.mergeMs.service.toFixed(0)} / ${row.mergeMs.baseline.toFixed(0)} ms (service / baseline)`)
    rows.push(row)
  }
  return rows
}
