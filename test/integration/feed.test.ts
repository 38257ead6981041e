// GET /events: the cursor on every page, starting from now, the type filter, and the long poll.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { mongoIdentityStore, type RunningStore } from '../../src/identity-plugin.js'
import { buildTestApp, identify, resetDatabase } from '../helpers/test-app.js'

// Counts the long poll's reads (the next event by id, the newest id), to see a poll stop.
let pollReads = 0
let app: App
let baseUrl: string
beforeAll(async () => {
  app = await buildTestApp({
    identityStore: (db, config, hooks): RunningStore => {
      const store = mongoIdentityStore(db, config, hooks)
      const newestEventId = store.newestEventId.bind(store)
      const findEvent = store.findEvent.bind(store)
      return Object.assign(store, {
        newestEventId: async () => { pollReads++; return await newestEventId() },
        findEvent: async (id: number) => { pollReads++; return await findEvent(id) }
      })
    }
  })
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

interface Page { events: Array<{ id: number, type: string }>, next: number }

async function feed (query: string): Promise<Page> {
  const response = await app.inject({ method: 'GET', url: `/events${query}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

const sleep = async (ms: number) => await new Promise(resolve => setTimeout(resolve, ms))

async function threeEvents (): Promise<number[]> {
  await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '919191' })
  await identify(app, { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
  await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' })
  return (await feed('')).events.map(e => e.id)
}

describe('the cursor', () => {
  it('is the last event of a full page, the newest event of a partial one, and stays put on an empty one', async () => {
    const ids = await threeEvents()
    expect(ids).toHaveLength(3)
    expect(await feed('?limit=2')).toMatchObject({ events: [{ id: ids[0] }, { id: ids[1] }], next: ids[1] })
    expect(await feed(`?after=${ids[1]!}&limit=2`)).toMatchObject({ events: [{ id: ids[2] }], next: ids[2] })
    expect(await feed(`?after=${ids[2]!}`)).toEqual({ events: [], next: ids[2] })
    // A loop doing after = next never starts again from 0.
    expect(await feed('?after=0&limit=1000')).toMatchObject({ next: ids[2] })
    expect(await feed('')).toMatchObject({ next: ids[2] })
  })

  it('starts from the newest event with after=latest', async () => {
    expect(await feed('?after=latest')).toEqual({ events: [], next: 0 })
    const ids = await threeEvents()
    const now = await feed('?after=latest')
    expect(now).toEqual({ events: [], next: ids[2] })
    await identify(app, { email: 'doc@hillvalley.edu' })
    expect((await feed(`?after=${now.next}`)).events.map(e => e.type)).toEqual(['contact.created'])
  })

  it('filters by type, moving past the events of other types', async () => {
    const ids = await threeEvents()
    expect(await feed('?types=identities.merged')).toMatchObject({ events: [{ id: ids[2], type: 'identities.merged' }], next: ids[2] })
    expect(await feed('?types=identity.split,merge.held')).toEqual({ events: [], next: ids[2] })
    expect((await feed('?types=contact.created&limit=1')).next).toBe(ids[0])
    expect((await feed('?types=contact.created,identities.merged')).events).toHaveLength(3)
  })

  it('refuses what it cannot answer, with a 400', async () => {
    for (const query of ['?wait=31', '?wait=-1', '?wait=1.5', '?types=contact.deleted', '?types=', '?types=contact.created,', '?after=newest', '?limit=0']) {
      const response = await app.inject({ method: 'GET', url: `/events${query}` })
      expect(response.statusCode, query).toBe(400)
    }
  })
})

describe('the long poll', () => {
  it('answers within a second of a new event', { timeout: 60_000 }, async () => {
    const { next } = await feed('?after=latest')
    const started = performance.now()
    const poll = app.inject({ method: 'GET', url: `/events?after=${next}&wait=20` })
    await sleep(1500)
    await identify(app, { email: 'marty@hillvalley.edu' })
    const written = performance.now()
    const page = (await poll).json() as Page
    const answered = performance.now()
    expect(page.events.map(e => e.type)).toEqual(['contact.created'])
    expect(page.next).toBe(page.events[0]!.id)
    // It waited for the event (not answering empty at once), and answered soon after it.
    expect(written - started).toBeGreaterThan(1000)
    expect(answered - written).toBeLessThan(1000)
  })

  it('answers an empty page after `wait` seconds when nothing arrives', { timeout: 60_000 }, async () => {
    const ids = await threeEvents()
    const started = performance.now()
    const page = await feed(`?after=${ids[2]!}&wait=2`)
    const took = performance.now() - started
    expect(page).toEqual({ events: [], next: ids[2] })
    expect(took).toBeGreaterThanOrEqual(1990)
    expect(took).toBeLessThan(10_000) // bounded, with room for a busy machine
  })

  it('waits only for the types asked for, and the cursor moves past the others', { timeout: 60_000 }, async () => {
    const { next } = await feed('?after=latest')
    const poll = app.inject({ method: 'GET', url: `/events?after=${next}&wait=3&types=identities.merged` })
    await sleep(300)
    await identify(app, { email: 'marty@hillvalley.edu' })
    const page = (await poll).json() as Page
    expect(page.events).toEqual([])
    expect(page.next).toBeGreaterThan(next)
  })

  it('stops polling when the client goes away', { timeout: 60_000 }, async () => {
    const gone = new AbortController()
    const poll = fetch(`${baseUrl}/events?after=latest&wait=30`, { signal: gone.signal }).catch(() => 'aborted')
    await sleep(1000)
    const before = pollReads
    expect(before).toBeGreaterThan(2) // it was polling
    gone.abort()
    expect(await poll).toBe('aborted')
    await sleep(500) // a read in flight when the client left may still finish
    const after = pollReads
    await sleep(1500)
    expect(pollReads).toBe(after)
  })
})

describe('closing the server', () => {
  it('answers a waiting poll at once instead of holding the shutdown up', { timeout: 60_000 }, async () => {
    const other = await buildTestApp()
    const url = await other.listen({ port: 0, host: '127.0.0.1' })
    const poll = fetch(`${url}/events?after=latest&wait=30`)
    await sleep(1000)
    const started = performance.now()
    await other.close()
    const response = await poll
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ events: [], next: 0 })
  })
})
