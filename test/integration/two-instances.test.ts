// Two instances on one database creating 2,000 customers at once: unique ids, no retry caused by an id collision, a feed read whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { buildTestApp, identify, readContacts } from '../helpers/test-app.js'

const CREATIONS = 2000
// Requests in flight at once over both instances: enough that both always have writers waiting
// on the database, few enough that FerretDB on a shared 2-core runner answers within the deadline.
// FerretDB scans its table for every query on an integer field: 2,000 creations take minutes there.
const IN_FLIGHT = 32

let first: App
let second: App
beforeAll(async () => {
  first = await buildTestApp()
  // A second instance on the same database, as a second replica of the service would be.
  second = await buildTestApp({ env: { MONGODB_DB_NAME: first.config.MONGODB_DB_NAME } })
})
afterAll(async () => { await second.close(); await first.close() })

/** The value of `identity_store_retries_total{reason="…"}` on one instance's /metrics; undefined when it has no such series. */
async function retries (app: App, reason: string): Promise<number | undefined> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const line = text.split('\n').find(l => l.startsWith('identity_store_retries_total{') && l.includes(`reason="${reason}"`))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('two instances creating 2,000 unrelated customers at once', () => {
  it('give every customer its own id, retry nothing because of an id collision, and a consumer paging meanwhile sees every event once', { timeout: 1_800_000 }, async () => {
    const statuses = new Map<number, number>()
    const ids: number[] = []
    let next = 0
    // IN_FLIGHT workers; request i goes to the instance i % 2, so both create all the time.
    const worker = async () => {
      for (let i = next++; i < CREATIONS; i = next++) {
        const response = await identify(i % 2 === 0 ? first : second, { email: `customer${i}@scale.example`, phoneNumber: String(7_000_000_000 + i) })
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
        if (response.statusCode === 200) ids.push((response.json() as { primaryContactId: number }).primaryContactId)
      }
    }
    // A feed consumer pages through the log on the second instance the whole time.
    const creating = { on: true }
    const seen: number[] = []
    let cursor = 0
    const pageOnce = async (): Promise<number> => {
      const { events } = (await second.inject({ method: 'GET', url: `/events?after=${cursor}&limit=100` })).json() as { events: Array<{ id: number }> }
      seen.push(...events.map(event => event.id))
      if (events.length > 0) cursor = (events.at(-1) as { id: number }).id
      return events.length
    }
    const consumer = (async () => {
      while (creating.on) await pageOnce()
      while (await pageOnce() > 0);
    })()
    const started = performance.now()
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
    // Events may be numbered into the feed just after their answers: give the last ones a bounded while.
    for (const deadline = Date.now() + 60_000; await first.db.models.Event.countDocuments({}) < CREATIONS && Date.now() < deadline;) {
      await new Promise(resolve => setTimeout(resolve, 250))
    }
    creating.on = false
    await consumer
    console.log(`[tests] two instances: ${CREATIONS} creations in ${Math.round((performance.now() - started) / 1000)} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`)

    expect(Object.fromEntries(statuses)).toEqual({ 200: CREATIONS })
    // Every answer names a contact of its own, and the collection holds exactly those.
    expect(new Set(ids).size).toBe(CREATIONS)
    const stored = await readContacts(first)
    expect(stored.map(c => c._id)).toEqual([...ids].sort((a, b) => a - b))
    expect(stored.every(c => c.linkedId === null)).toBe(true)
    // One event per creation, each recorded once, and the log is consistent with the contacts.
    const log = (await readEvents(first)).map(event => event._id)
    expect(log.length).toBe(CREATIONS)
    // The consumer saw every event exactly once, in the log's order.
    expect(seen).toEqual(log)
    expect(await checkEventLog(first)).toEqual([])

    // Read from both instances: a counter missing on either is a failure, not a zero.
    const collisions = [await retries(first, 'id_collision'), await retries(second, 'id_collision')]
    expect(collisions, 'identity_store_retries_total{reason="id_collision"} on each instance\'s /metrics').toEqual([0, 0])
  })
})
