// The typed client against the running service: identify, lookups, the feed, keys, request ids, typed errors, a real 503 retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIdentityClient, IdentityApiError, type IdentityClient } from '../../client/src/index.js'
import type { App } from '../../src/app.js'
import { startRestartableDatabase, type RestartableDatabase } from '../helpers/restartable-database.js'
import { buildTestApp } from '../helpers/test-app.js'

const ADMIN_KEY = 'client-test-admin-key-0123456789'

let app: App
let baseUrl: string
let client: IdentityClient
beforeAll(async () => {
  app = await buildTestApp({ env: { ADMIN_TOKEN: ADMIN_KEY } })
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  client = createIdentityClient({ baseUrl })
})
afterAll(async () => { await app.close() })

/** The error a call fails with. */
async function failure (call: Promise<unknown>): Promise<IdentityApiError> {
  const error = await call.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(IdentityApiError)
  return error as IdentityApiError
}

describe('the client against the service', () => {
  it('identifies, and looks contacts and identities up', async () => {
    expect(await client.identify({ email: 'lorraine@hillvalley.edu', phoneNumber: '123456' }))
      .toEqual({ primaryContactId: 1, emails: ['lorraine@hillvalley.edu'], phoneNumbers: ['123456'], secondaryContactIds: [] })
    const marty = { primaryContactId: 1, emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'], phoneNumbers: ['123456'], secondaryContactIds: [2] }
    expect(await client.identify({ email: 'mcfly@hillvalley.edu', phoneNumber: 123456 })).toEqual(marty)
    expect(await client.contact(2)).toEqual(marty)
    expect(await client.identities({ email: 'mcfly@hillvalley.edu' })).toEqual([marty])
    expect(await client.identities({ phoneNumber: '999' })).toEqual([])
    expect(await client.previewIdentify({ email: 'doc@hillvalley.edu', phoneNumber: '123456' })).toMatchObject({ dryRun: true, outcome: 'created-secondary' })
    expect((await client.explain(1, 2)).steps).toEqual([{ from: 1, to: 2, via: { kind: 'phoneNumber', value: '123456' } }])
    expect((await client.evidence(1)).contacts.map(c => c.id)).toEqual([1, 2])
  })

  it('sends a request id of its own on every call, or the caller\'s, and the events carry it', async () => {
    await client.identify({ email: 'george@hillvalley.edu', phoneNumber: '919191' }, { requestId: 'checkout-order-1955' })
    const { events } = await client.history((await client.identities({ email: 'george@hillvalley.edu' }))[0]!.primaryContactId)
    expect(events.map(e => e.requestId)).toEqual(['checkout-order-1955'])
    await client.identify({ email: 'biffsucks@hillvalley.edu' })
    const page = await client.events({ types: ['contact.created'] })
    expect(page.events.at(-1)!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
  })

  it('reads the feed: typed events, the cursor, after=latest, a long poll and a type filter', async () => {
    const all = await client.events({ limit: 1000 })
    expect(all.next).toBe(all.events.at(-1)!.id)
    const created = all.events.find(e => e.type === 'contact.created')
    // The union is narrowed by `type`: contact.created carries the contact.
    if (created?.type !== 'contact.created') throw new Error('no contact.created event')
    expect(created).toMatchObject({ contactId: 1, linkedId: null, email: 'lorraine@hillvalley.edu', phoneNumber: '123456' })
    const now = await client.events({ after: 'latest' })
    expect(now).toEqual({ events: [], next: all.next })
    const poll = client.events({ after: now.next, wait: 20, types: ['identities.merged'] })
    await client.identify({ email: 'george@hillvalley.edu', phoneNumber: '717171' }) // a contact.created: not what the poll waits for
    await client.identify({ email: 'biffsucks@hillvalley.edu', phoneNumber: '919191' }) // joins george and biff
    const merged = (await poll).events
    expect(merged.map(e => e.type)).toEqual(['identities.merged'])
  })

  it('throws typed errors with the service\'s status, code and request id', async () => {
    const badEmail = await failure(client.identify({ email: 'not-an-address' }, { requestId: 'bad-email-1' }))
    expect(badEmail).toMatchObject({ status: 400, code: 'INVALID_EMAIL', requestId: 'bad-email-1' })
    expect(badEmail.body).toMatchObject({ statusCode: 400, code: 'INVALID_EMAIL', error: 'Bad Request' })
    expect(await failure(client.contact(424242))).toMatchObject({ status: 404, code: 'CONTACT_NOT_FOUND' })
    const doc = await client.identify({ email: 'doc@brown.edu' })
    expect(await failure(client.explain(1, doc.primaryContactId))).toMatchObject({ status: 404, code: 'NOT_LINKED' })
    expect(await failure(client.events({ wait: 31 }))).toMatchObject({ status: 400, code: 'FST_ERR_VALIDATION' })
  })

  it('sends its key as a bearer token', async () => {
    expect(await failure(client.api.GET('/admin/blocklist').then(({ response }) => {
      if (!response.ok) throw new IdentityApiError(response, undefined)
    }))).toMatchObject({ status: 401 })
    const admin = createIdentityClient({ baseUrl, key: ADMIN_KEY })
    const { data, response } = await admin.api.GET('/admin/blocklist')
    expect(response.status).toBe(200)
    expect(data!.rules.length).toBeGreaterThan(0)
  })
})

describe('a real outage: the service answers 503 with Retry-After', () => {
  let database: RestartableDatabase
  let outageApp: App
  beforeAll(async () => {
    database = await startRestartableDatabase()
    outageApp = await buildTestApp({ env: { MONGODB_URI: database.uri, MONGODB_TIMEOUT_MS: '1000' } })
  })
  afterAll(async () => {
    await outageApp?.close()
    await database?.destroy()
  })

  it('is retried after the Retry-After it names, with the same request id, until the database is back', { timeout: 120_000 }, async () => {
    const url = await outageApp.listen({ port: 0, host: '127.0.0.1' })
    let restarted: Promise<void> | undefined
    const attempts: Array<{ at: number, status: number, retryAfter: string | null, requestId: string | null }> = []
    const outageClient = createIdentityClient({
      baseUrl: url,
      retries: 10,
      fetch: async (request) => {
        const response = await fetch(request)
        attempts.push({ at: performance.now(), status: response.status, retryAfter: response.headers.get('retry-after'), requestId: request.headers.get('x-request-id') })
        // The database comes back once the service has said 503 (the first attempt, before the outage, was a 200).
        if (response.status === 503 && attempts.length === 2) restarted = database.start()
        return response
      }
    })
    await outageClient.identify({ email: 'doc@hillvalley.edu', phoneNumber: '1955' })
    await database.stop()

    const identity = await outageClient.identify({ email: 'marty@hillvalley.edu', phoneNumber: '1985' }, { requestId: 'during-outage' })
    await restarted
    expect(identity).toMatchObject({ emails: ['marty@hillvalley.edu'], phoneNumbers: ['1985'] })
    const during = attempts.slice(1)
    expect(during[0]).toMatchObject({ status: 503, retryAfter: '5' })
    expect(during.at(-1)!.status).toBe(200)
    expect(new Set(during.map(a => a.requestId))).toEqual(new Set(['during-outage']))
    for (let i = 1; i < during.length; i++) {
      // Each retry waited at least what the 503 before it asked for (timers may fire a little early).
      expect(during[i]!.at - during[i - 1]!.at).toBeGreaterThanOrEqual(Number(during[i - 1]!.retryAfter) * 1000 - 50)
    }
  })
})
