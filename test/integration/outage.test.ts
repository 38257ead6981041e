// The database goes away and comes back: quick 503s meanwhile, then service as before, no data lost.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, identify, settle } from '../helpers/test-app.js'
import { startRestartableDatabase, type RestartableDatabase } from '../helpers/restartable-database.js'
import { repoFile } from '../helpers/spawn-entry.js'

const TIMEOUT_MS = 1000
// The README promises a 503 within MONGODB_TIMEOUT_MS plus about a second; timers fire late on a
// busy shared machine, so the test asserts "bounded" with room to spare, not the promise itself.
const BOUND_MS = TIMEOUT_MS + 8000

let database: RestartableDatabase
let app: App
beforeAll(async () => {
  database = await startRestartableDatabase()
  app = await buildTestApp({ env: { MONGODB_URI: database.uri, MONGODB_TIMEOUT_MS: String(TIMEOUT_MS) } })
  await app.listen({ port: 0, host: '127.0.0.1' }) // for the container's health check, which speaks HTTP
})
afterAll(async () => {
  await app?.close()
  await database?.destroy()
})

/** Runs the Dockerfile's HEALTHCHECK command (`node -e …`) against the app: true when it exits 0, i.e. "healthy". */
async function containerHealthCheck (): Promise<boolean> {
  const command = /^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(await readFile(repoFile('Dockerfile'), 'utf8'))?.[1]
  if (command === undefined) throw new Error('no HEALTHCHECK … CMD [ … ] in the Dockerfile')
  const [program, ...args] = JSON.parse(command) as string[]
  expect(program).toBe('node')
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('not listening')
  return await promisify(execFile)(process.execPath, args, { env: { ...process.env, PORT: String(address.port) } }).then(() => true, () => false)
}

const doc = { email: 'doc@hillvalley.edu', phoneNumber: '1955' }
const docIdentity = { primaryContactId: 1, emails: ['doc@hillvalley.edu'], phoneNumbers: ['1955'], secondaryContactIds: [] }

describe('a database outage', () => {
  it('answers 503 with Retry-After within seconds, stays up, and recovers by itself', { timeout: 90_000 }, async () => {
    expect((await identify(app, doc)).json()).toEqual(docIdentity)

    await database.stop()
    for (const request of [
      () => identify(app, { email: 'marty@hillvalley.edu', phoneNumber: '1985' }),
      () => app.inject({ method: 'GET', url: '/contacts/1' })
    ]) {
      const started = performance.now()
      const response = await request()
      expect(performance.now() - started).toBeLessThan(BOUND_MS)
      expect(response.statusCode).toBe(503)
      expect(response.headers['retry-after']).toBeDefined()
      expect(response.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', error: 'Service Unavailable' })
    }
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503)
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    // The container stays healthy: an orchestrator must not restart every instance during an outage.
    expect(await containerHealthCheck()).toBe(true)

    await database.start()
    // The driver reconnects on its own; give it a bounded number of tries (30 s at most).
    let response = await identify(app, doc)
    for (let tries = 0; response.statusCode !== 200 && tries < 120; tries++) {
      await new Promise(resolve => setTimeout(resolve, 250))
      response = await identify(app, doc)
    }
    expect(response.json()).toEqual(docIdentity)
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
    // Nothing was half written by the requests refused during the outage.
    expect((await identify(app, { email: 'marty@hillvalley.edu', phoneNumber: '1985' })).json())
      .toEqual({ primaryContactId: 2, emails: ['marty@hillvalley.edu'], phoneNumbers: ['1985'], secondaryContactIds: [] })
    await settle(app)
    expect(await app.db.models.Lock.countDocuments({})).toBe(0)
  })
})
