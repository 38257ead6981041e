// Request bodies for each workload, and one autocannon run that sends a distinct body per request.
import autocannon from 'autocannon'
import { prng, type Dataset, type SeedContact } from './seed.js'

export type Body = { email?: string, phoneNumber?: string | number }
export type RequestKind = 'lookup' | 'new-primary' | 'new-secondary' | 'merge'
export const WORKLOADS = ['lookup', 'new-primary', 'new-secondary', 'merge', 'mix'] as const
export type Workload = typeof WORKLOADS[number]

/**
 * Hands out bodies for one target. Each target has its own source over its own copy of the data,
 * so both see the same sequence; cursors carry over between workloads so that nothing new repeats.
 */
export class RequestSource {
  private newPrimaries = 0
  private newSecondaries = 0
  private nextPair = 0
  /** Merge requests that found the pool used up and were sent as lookups instead. */
  overflow = 0
  private readonly phoneOwners: SeedContact[]
  // Lookups go to the realistic clusters, not to the merge pairs.
  private readonly known: SeedContact[]

  constructor (private readonly dataset: Dataset) {
    this.known = dataset.clusters.flatMap(c => c.contacts)
    // New secondaries go round the clusters in a shuffled order: concurrent ones touch different clusters.
    const shuffle = prng(7)
    this.phoneOwners = dataset.clusters.map(c => c.contacts.find(m => m.phoneNumber !== null))
      .filter((c): c is SeedContact => c !== undefined)
      .map(c => ({ c, key: shuffle() })).sort((a, b) => a.key - b.key).map(({ c }) => c)
  }

  /** Back to the first body of every kind: the data set was just written again. */
  reset (): void {
    this.newPrimaries = 0
    this.newSecondaries = 0
    this.nextPair = 0
  }

  /** A known contact by email, by phone (sometimes as a number, as the SPEC allows) or by both. */
  lookup (rng: () => number): Body {
    const contact = this.known[Math.floor(rng() * this.known.length)] as SeedContact
    const phone = contact.phoneNumber === null ? undefined : rng() < 0.2 ? Number(contact.phoneNumber) : contact.phoneNumber
    const r = rng()
    if (contact.email !== null && (phone === undefined || r < 0.4)) return { email: contact.email }
    if (contact.email === null || r < 0.7) return { phoneNumber: phone as string | number }
    return { email: contact.email, phoneNumber: phone as string | number }
  }

  newPrimary (): Body {
    const n = this.newPrimaries++
    return { email: `new.${n}@fresh.example.com`, phoneNumber: String(6_000_000_000 + n) }
  }

  /** A phone the data set knows, with an email it does not: one new secondary in that cluster. */
  newSecondary (): Body {
    const n = this.newSecondaries++
    const owner = this.phoneOwners[n % this.phoneOwners.length] as SeedContact
    return { email: `second.${n}@fresh.example.com`, phoneNumber: owner.phoneNumber ?? '' }
  }

  /** The older pair member's email and the younger one's phone: the two clusters become one. */
  merge (rng: () => number, onExhausted: () => void): Body {
    const pair = this.dataset.pairs[this.nextPair]
    if (pair === undefined) {
      this.overflow++
      onExhausted()
      return this.lookup(rng)
    }
    this.nextPair++
    return { email: pair[0].email ?? '', phoneNumber: pair[1].phoneNumber ?? '' }
  }

  next (kind: RequestKind, rng: () => number, onExhausted: () => void): Body {
    switch (kind) {
      case 'lookup': return this.lookup(rng)
      case 'new-primary': return this.newPrimary()
      case 'new-secondary': return this.newSecondary()
      case 'merge': return this.merge(rng, onExhausted)
    }
  }

  /** A body generator for a workload; the mix is 70 % lookups and 10 % of each write. */
  generator (workload: Workload, seed: number, onExhausted: () => void): () => Body {
    const rng = prng(seed)
    if (workload !== 'mix') return () => this.next(workload, rng, onExhausted)
    return () => {
      const r = rng()
      const kind: RequestKind = r < 0.7 ? 'lookup' : r < 0.8 ? 'new-primary' : r < 0.9 ? 'new-secondary' : 'merge'
      return this.next(kind, rng, onExhausted)
    }
  }
}

export interface LoadOptions { connections: number, durationSec: number, timeoutSec: number }

export interface LoadResult {
  requests: number
  /** Requests written, including those still in flight when the run ended (the target still serves them). */
  sent: number
  reqPerSec: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
  durationSec: number
  /** CPU ms per completed request of the target process and of the database server (null: unknown). */
  cpuMsPerRequest: number | null
  dbCpuMsPerRequest: number | null
  /** Database commands (each one round trip) counted on the wire during the run, per request sent. */
  commandsPerRequest: number | null
  /** The same by command and collection ("find contacts"), most first. */
  commandsByCollection: Array<[string, number]>
  /** True when the merge pool ran out and the run was cut short. */
  stoppedEarly: boolean
}

/** One autocannon run of POST /identify, each request with the next body from `nextBody`. */
export async function load (url: string, options: LoadOptions,
  makeGenerator: (stop: () => void) => () => Body): Promise<Omit<LoadResult, 'cpuMsPerRequest' | 'dbCpuMsPerRequest' | 'commandsPerRequest' | 'commandsByCollection'>> {
  let instance: autocannon.Instance | undefined
  let stoppedEarly = false
  const stop = () => {
    if (stoppedEarly) return
    stoppedEarly = true
    // Called from inside setupRequest: let autocannon finish building this request first.
    setImmediate(() => instance?.stop())
  }
  const nextBody = makeGenerator(stop)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
      url,
      connections: options.connections,
      duration: options.durationSec,
      timeout: options.timeoutSec,
      requests: [{
        method: 'POST',
        path: '/identify',
        headers: { 'content-type': 'application/json' },
        setupRequest: request => ({ ...request, body: JSON.stringify(nextBody()) })
      }]
    }, (error, result) => error === null || error === undefined ? resolve(result) : reject(error))
  })
  const requests = result.requests.total
  return {
    requests,
    sent: result.requests.sent,
    reqPerSec: result.duration > 0 ? requests / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
    stoppedEarly
  }
}
