// The example feed consumer, killed and restarted while 200 requests race, ends with exactly the service's identities.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createIdentityClient, type Identity } from '../../client/src/index.js'
import type { App } from '../../src/app.js'
import { identitiesOf, type MirrorState } from '../../examples/identity-mirror.js'
import { clustersOf } from '../helpers/invariants.js'
import { runEntry, type Entry } from '../helpers/spawn-entry.js'
import { buildTestApp, identify, readContacts } from '../helpers/test-app.js'

const ADMIN_TOKEN = 'feed-consumer-admin-key-0123456789'

let first: App
let second: App
let baseUrl: string
let dir: string
beforeAll(async () => {
  first = await buildTestApp({ env: { ADMIN_TOKEN } })
  // A second instance on the same database: events from both reach the feed.
  second = await buildTestApp({ env: { MONGODB_DB_NAME: first.config.MONGODB_DB_NAME } })
  baseUrl = await first.listen({ port: 0, host: '127.0.0.1' })
  dir = await mkdtemp(join(tmpdir(), 'feed-consumer-'))
})
afterAll(async () => {
  await second.close()
  await first.close()
  await rm(dir, { recursive: true, force: true })
})

const sleep = async (ms: number) => await new Promise(resolve => setTimeout(resolve, ms))

/** A deterministic pseudo-random stream, so that a failure can be replayed. */
function random (seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

it('ends with exactly the service\'s identities, each event applied once', { timeout: 300_000 }, async () => {
  const stateFile = join(dir, 'identities.json')
  const readState = async (): Promise<MirrorState | null> => await readFile(stateFile, 'utf8').then(text => JSON.parse(text) as MirrorState, () => null)
  const start = (): Entry => runEntry('examples/feed-consumer.ts', { IDENTITY_URL: baseUrl, STATE_FILE: stateFile })
  let consumer = start()
  let kills = 0

  // 200 racing requests (waves of 20 over two instances; small pools, so that identities merge;
  // phones 5100-5179, none of them a built-in blocked value such as 5555),
  // while the consumer is killed (SIGKILL: no chance to save) and started again.
  const next = random(21)
  const pick = (size: number) => Math.floor(next() * size)
  const racing = (async () => {
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(Array.from({ length: 20 }, async (_, i) => {
        const body = next() < 0.3
          ? { email: `user${pick(80)}@x.io`, phoneNumber: `5${100 + pick(80)}` }
          : next() < 0.5 ? { email: `user${pick(80)}@x.io` } : { phoneNumber: `5${100 + pick(80)}` }
        const response = await identify(i % 2 === 0 ? first : second, body)
        expect([200, 202], response.body).toContain(response.statusCode)
      }))
    }
  })()
  const state = { racing: true }
  racing.finally(() => { state.racing = false }).catch(() => {})
  while (state.racing) {
    await sleep(400 + pick(1200))
    consumer.child.kill('SIGKILL')
    await consumer.exited
    kills++
    consumer = start()
  }
  await racing

  // An undo while it runs: a split's event says which contacts went where.
  const client = createIdentityClient({ baseUrl, key: ADMIN_TOKEN })
  const merge = (await client.events({ types: ['identities.merged'], limit: 1 })).events[0]
  expect(merge).toBeDefined()
  const undo = await client.api.POST('/admin/undo', { body: { eventId: merge!.id } })
  expect(undo.response.status).toBe(200)

  // It catches up with the newest event, then stops.
  const newest = (await client.events({ after: 'latest' })).next
  for (let tries = 0; (await readState())?.cursor !== newest && tries < 240; tries++) await sleep(250)
  consumer.child.kill('SIGTERM')
  await consumer.exited
  const mirror = (await readState())!
  expect(mirror.cursor, consumer.output()).toBe(newest)

  // The service's identities, each as GET /contacts/:id answers it.
  const rows = await readContacts(first)
  const expected = new Map<number, Identity>()
  for (const primaryId of clustersOf(rows).keys()) expected.set(primaryId, await client.contact(primaryId))
  expect(expected.size).toBeGreaterThan(10)
  expect(identitiesOf(mirror)).toEqual(expected)
  // Every event applied once: none skipped, none twice across the restarts.
  const events = await first.db.models.Event.countDocuments({})
  expect(mirror.applied).toBe(events)
  expect(kills).toBeGreaterThan(2)
  console.log(`[feed-consumer] ${kills} kills, ${events} events, ${expected.size} identities mirrored`)
})
