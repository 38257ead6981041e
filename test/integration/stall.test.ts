// The database stops answering but keeps its connections open (SIGSTOP): bounded 503s, never a hang, then recovery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { faultyStore } from '../helpers/faulty-store.js'
import { checkInvariants } from '../helpers/invariants.js'
import { startRestartableDatabase, type RestartableDatabase } from '../helpers/restartable-database.js'
import { buildTestApp, identify, readContacts } from '../helpers/test-app.js'

const TIMEOUT_MS = 1000
// What the README promises is MONGODB_TIMEOUT_MS plus a margin of about a second; on a busy
// shared machine timers fire late, so the test asserts only "bounded", with room to spare. A
// hang would run into the test's own timeout instead.
const BOUND_MS = TIMEOUT_MS + 8000
const READY_BOUND_MS = 8000

let database: RestartableDatabase
let app: App
// Set by a test to freeze the database in the middle of a merge.
let pauseAfterDemote = false
beforeAll(async () => {
  database = await startRestartableDatabase()
  app = await buildTestApp({
    // A small pool, so that some requests also wait for a connection held by a stalled one.
    env: { MONGODB_URI: database.uri, MONGODB_TIMEOUT_MS: String(TIMEOUT_MS), MONGODB_MAX_POOL_SIZE: '3', LOCK_LEASE_MS: '5000' },
    identityStore: faultyStore(() => (step) => {
      if (step === 'demoted' && pauseAfterDemote) {
        pauseAfterDemote = false
        database.pause()
      }
    })
  })
})
afterAll(async () => {
  await app?.close()
  await database?.destroy()
})

const accepted: Array<{ email: string | null, phoneNumber: string | null }> = []

async function timed<T> (work: () => Promise<T>): Promise<{ result: T, ms: number }> {
  const started = performance.now()
  const result = await work()
  return { result, ms: Math.round(performance.now() - started) }
}

/** Sends `body` until it is answered 200 (the driver reconnects on its own), a bounded number of times. */
async function identifyOnceBack (body: { email: string, phoneNumber: string }) {
  let response = await identify(app, body)
  for (let tries = 0; response.statusCode !== 200 && tries < 60; tries++) {
    await new Promise(resolve => setTimeout(resolve, 250))
    response = await identify(app, body)
  }
  expect(response.statusCode).toBe(200)
  accepted.push(body)
  return response.json()
}

function expectUnavailable (response: Awaited<ReturnType<typeof identify>>): void {
  expect(response.statusCode).toBe(503)
  expect(response.headers['retry-after']).toBe('5')
  expect(response.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', error: 'Service Unavailable' })
}

describe('a stalled database', () => {
  it('answers every request with a bounded 503, keeps the process live, and recovers by itself', { timeout: 90_000 }, async () => {
    const doc = { email: 'doc@hillvalley.edu', phoneNumber: '1955' }
    expect((await identify(app, doc)).statusCode).toBe(200)
    accepted.push(doc)

    database.pause()
    try {
      // More requests than pool connections: some wait for a connection, not for a socket.
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => timed(() => identify(app, { email: `marty${i}@hillvalley.edu`, phoneNumber: '1985' }))),
        timed(() => identify(app, doc)),
        timed(() => app.inject({ method: 'GET', url: '/contacts/1' }))
      ])
      for (const { result } of answers) expectUnavailable(result)
      const times = answers.map(answer => answer.ms)
      console.log(`[stall] 503 after ${times.join(', ')} ms (MONGODB_TIMEOUT_MS=${TIMEOUT_MS})`)
      expect(Math.max(...times)).toBeLessThan(BOUND_MS)

      // Now the driver may know the server is gone: later requests are bounded too.
      const again = await timed(() => app.inject({ method: 'GET', url: '/contacts/1' }))
      expectUnavailable(again.result)
      expect(again.ms).toBeLessThan(BOUND_MS)

      const ready = await timed(() => app.inject({ method: 'GET', url: '/health/ready' }))
      console.log(`[stall] /health/ready 503 after ${ready.ms} ms`)
      expect(ready.result.statusCode).toBe(503)
      expect(ready.result.headers['retry-after']).toBeDefined()
      expect(ready.ms).toBeLessThan(READY_BOUND_MS)
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    } finally {
      database.resume()
    }

    // Back by itself: the refused requests wrote nothing, the accepted ones are all there.
    expect(await identifyOnceBack(doc)).toEqual({ primaryContactId: 1, emails: ['doc@hillvalley.edu'], phoneNumbers: ['1955'], secondaryContactIds: [] })
    expect(await identifyOnceBack({ email: 'marty@hillvalley.edu', phoneNumber: '1985' }))
      .toEqual({ primaryContactId: 2, emails: ['marty@hillvalley.edu'], phoneNumbers: ['1985'], secondaryContactIds: [] })
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
    expect(checkInvariants(await readContacts(app), accepted)).toEqual([])
  })

  it('stalling in the middle of a merge: a 503, then later requests finish the merge', { timeout: 90_000 }, async () => {
    // Clusters 1 (doc) and 2 (marty, with a secondary) exist; the merge demotes 2, then has to
    // re-point 2's secondary: the database freezes between the two.
    await identifyOnceBack({ email: 'marty.jr@hillvalley.edu', phoneNumber: '1985' })
    pauseAfterDemote = true
    const merge = { email: 'doc@hillvalley.edu', phoneNumber: '1985' }
    const stalled = await timed(() => identify(app, merge)).finally(() => { database.resume() })
    // The demotion was written; the re-pointing met the stalled server.
    expectUnavailable(stalled.result)
    expect(stalled.ms).toBeLessThan(BOUND_MS)

    // Reads already answer with the merged identity; the repair waits for the dead request's
    // locks (if its release was lost too) to reach the end of their lease.
    const merged = {
      primaryContactId: 1,
      emails: ['doc@hillvalley.edu', 'marty@hillvalley.edu', 'marty.jr@hillvalley.edu'],
      phoneNumbers: ['1955', '1985'],
      secondaryContactIds: [2, 3]
    }
    expect(await identifyOnceBack(merge)).toEqual(merged)
    const locks = await app.db.models.Lock.find({}).lean()
    const leaseEnd = Math.max(0, ...locks.map(lock => lock.expiresAt.getTime()))
    await new Promise(resolve => setTimeout(resolve, Math.max(0, leaseEnd - Date.now()) + 50))
    // A request that only repairs and finds expired locks clears them and answers from the
    // read; one after it does the repair. A bounded number of them, then every invariant holds.
    for (let tries = 0; tries < 5 && (await readContacts(app)).some(c => c.relinkPending === true); tries++) {
      expect((await identify(app, merge)).json()).toEqual(merged)
    }
    expect(checkInvariants(await readContacts(app), accepted)).toEqual([])
    // Locks of the request that met the stall are released or expired: none blocks anyone.
    expect(await app.db.models.Lock.countDocuments({ expiresAt: { $gt: new Date() } })).toBe(0)
  })
})
