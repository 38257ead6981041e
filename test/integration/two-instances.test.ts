// Two instances on one database creating 2,000 customers at once: unique ids, no retry caused by an id collision, a feed read whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { storeRetries } from '../helpers/metrics.js'
import { buildTestApp, identify, readContacts, settle } from '../helpers/test-app.js'

const CREATIONS = 2000
// Requests in flight at once over both instances: enough that both always have writers waiting
// on the database, few enough that FerretDB on a shared 2-core runner answers within the deadline.
// FerretDB scans its table for many queries: 2,000 creations take minutes there.
const IN_FLIGHT = 32

let first: App
let second: App
// A lease and a database timeout longer than any request takes here: FerretDB, saturated by 32
// writers on a shared 2-core machine, can take longer than the defaults for one request. A lock
// whose lease runs out is taken over and its request tried again, and a timeout is a 503: the
// tests of leases (crash-repair, recovery) and outages have those as their subject, not this one.
const env = { LOCK_LEASE_MS: '120000', MONGODB_TIMEOUT_MS: '60000' }
// A caller tries a 503 DATABASE_UNAVAILABLE again after its Retry-After; so does this test, a few
// times, counting them. Any other failure fails the test, as does any id collision.
const CALLER_RETRIES = 5
beforeAll(async () => {
  first = await buildTestApp({ env })
  // A second instance on the same database, as a second replica of the service would be.
  second = await buildTestApp({ env: { ...env, MONGODB_DB_NAME: first.config.MONGODB_DB_NAME } })
})
afterAll(async () => { await second.close(); await first.close() })

/** A 503 DATABASE_UNAVAILABLE: the database was too slow or away for a moment; its caller may try again. */
function isUnavailable (response: { statusCode: number, json: () => { code?: string } }): boolean {
  return response.statusCode === 503 && response.json().code === 'DATABASE_UNAVAILABLE'
}

describe('two instances creating 2,000 unrelated customers at once', () => {
  it('give every customer its own id, retry nothing because of an id collision, and a consumer paging meanwhile sees every event once', { timeout: 1_800_000 }, async () => {
    const started = performance.now()
    const seconds = (to: number): string => ((to - started) / 1000).toFixed(1)
    const statuses = new Map<number, number>()
    // What failed, for the failure message: a 503's code says whether it was a timeout or a busy identity.
    const failures: string[] = []
    const ids: number[] = []
    // 503 DATABASE_UNAVAILABLE answers tried again (printed, not failures).
    const unavailable: string[] = []
    let next = 0
    // IN_FLIGHT workers; request i goes to the instance i % 2, so both create all the time.
    const worker = async (): Promise<void> => {
      for (let i = next++; i < CREATIONS; i = next++) {
        const body = { email: `customer${i}@scale.example`, phoneNumber: String(7_000_000_000 + i) }
        let response = await identify(i % 2 === 0 ? first : second, body)
        for (let retry = 1; retry <= CALLER_RETRIES && isUnavailable(response); retry++) {
          unavailable.push(`creation ${i} at ${seconds(performance.now())} s`)
          await new Promise(resolve => setTimeout(resolve, 1000 * Number(response.headers['retry-after'] ?? 1)))
          response = await identify(i % 2 === 0 ? first : second, body)
        }
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
        if (response.statusCode === 200) ids.push(response.json<{ primaryContactId: number }>().primaryContactId)
        else failures.push(`creation ${i} at ${seconds(performance.now())} s: ${response.statusCode} ${response.body}`)
      }
    }
    // A feed consumer pages through the log on the second instance the whole time; the first
    // instance's events are numbered by whichever instance holds the sequencer's lease.
    const creating = { on: true }
    const seen: number[] = []
    let cursor = 0
    let pages = 0
    const pageOnce = async (): Promise<number> => {
      const response = await second.inject({ method: 'GET', url: `/events?after=${cursor}&limit=100` })
      if (response.statusCode !== 200) {
        // A consumer tries again after a while: a 503 DATABASE_UNAVAILABLE is counted, anything else fails.
        (isUnavailable(response) ? unavailable : failures).push(`feed page after ${cursor} at ${seconds(performance.now())} s: ${response.statusCode} ${response.body}`)
        await new Promise(resolve => setTimeout(resolve, 1000))
        return -1
      }
      const { events, next } = response.json<{ events: Array<{ id: number }>, next: number }>()
      seen.push(...events.map(event => event.id))
      cursor = next
      pages++
      return events.length
    }
    const consumer = (async () => {
      while (creating.on) await pageOnce()
      while (await pageOnce() !== 0);
    })()
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
    const answered = performance.now()
    // Events are numbered just after their answers: both instances finish what they answered.
    await settle(first)
    await settle(second)
    creating.on = false
    await consumer
    console.log(`[tests] two instances: ${CREATIONS} creations answered in ${seconds(answered)} s (${(CREATIONS / ((answered - started) / 1000)).toFixed(1)}/s), ` +
      `all numbered at ${seconds(performance.now())} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}, feed pages ${pages}, ` +
      `503s tried again ${unavailable.length}, failures ${failures.length}`)
    for (const retried of unavailable.slice(0, 5)) console.log(`[tests]   tried again after a 503: ${retried}`)
    for (const failure of failures.slice(0, 20)) console.log(`[tests]   ${failure}`)

    // Every creation answered 200 in the end, and nothing failed otherwise.
    expect(failures).toEqual([])
    expect(Object.fromEntries(statuses)).toEqual({ 200: CREATIONS })
    // Every answer names a contact of its own, and the collection holds exactly those.
    expect(new Set(ids).size).toBe(CREATIONS)
    const stored = await readContacts(first)
    expect(stored.map(c => c._id)).toEqual([...ids].sort((a, b) => a - b))
    expect(stored.every(c => c.linkedId === null)).toBe(true)
    // One event per creation, numbered 1 to 2,000, and the log is consistent with the contacts
    // (one contact.created per contact, times never going back, the feed replays the identities).
    const log = (await readEvents(first)).map(event => event._id)
    expect(log).toEqual(Array.from({ length: CREATIONS }, (_, i) => i + 1))
    expect(await checkEventLog(first)).toEqual([])
    // The consumer saw every event exactly once, in the log's order.
    expect(seen).toEqual(log)
    // Nothing is left waiting for a number.
    expect(await first.db.models.PendingEvent.countDocuments({})).toBe(0)

    // Read from both instances: a counter missing on either is a failure, not a zero.
    const collisions = [await storeRetries(first, 'id_collision'), await storeRetries(second, 'id_collision')]
    expect(collisions, 'identity_store_retries_total{reason="id_collision"} on each instance\'s /metrics').toEqual([0, 0])
  })
})
