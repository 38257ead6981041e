// The evidence log over HTTP: history, explanations, the feed, lookups and dry runs that write nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { martyIdentity } from '../helpers/spec-examples.js'
import { buildTestApp, identify, readContacts, resetDatabase, settle } from '../helpers/test-app.js'

let app: App
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

async function get (url: string) {
  return await app.inject({ method: 'GET', url })
}

async function identifyAs (requestId: string, body: object) {
  return await app.inject({ method: 'POST', url: '/identify', payload: body, headers: { 'x-request-id': requestId } })
}

/** the contract's second worked example: george (1), biff (2), then the request that joins them. */
async function georgeAndBiff (): Promise<void> {
  await identifyAs('create-george', { email: 'george@hillvalley.edu', phoneNumber: '919191' })
  await identifyAs('create-biff', { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
  await identifyAs('join-them', { email: 'george@hillvalley.edu', phoneNumber: '717171' })
}

describe('GET /contacts/:id/history', () => {
  it("lists the identity's events oldest first, those of the identity merged into it included", async () => {
    await georgeAndBiff()
    const response = await get('/contacts/2/history')
    expect(response.statusCode).toBe(200)
    const { events, next } = response.json()
    expect(next).toBeNull()
    expect(events.map((e: { type: string, requestId: string }) => [e.type, e.requestId])).toEqual([
      ['contact.created', 'create-george'], ['contact.created', 'create-biff'], ['identities.merged', 'join-them']
    ])
    expect(events[2]).toMatchObject({
      contactIds: [1, 2],
      cause: { email: 'george@hillvalley.edu', phoneNumber: '717171' },
      primaryId: 1,
      mergedPrimaryIds: [2],
      join: { email: 'george@hillvalley.edu', phoneNumber: '717171' }
    })
    expect(events[0].id).toBeLessThan(events[1].id)
    expect(new Date(events[0].at).getTime()).toBeLessThanOrEqual(new Date(events[2].at).getTime())
  })

  it('pages with after and limit', async () => {
    await georgeAndBiff()
    const first = (await get('/contacts/1/history?limit=2')).json()
    expect(first.events).toHaveLength(2)
    const second = (await get(`/contacts/1/history?limit=2&after=${first.next}`)).json()
    expect(second.events.map((e: { type: string }) => e.type)).toEqual(['identities.merged'])
    expect(second.next).toBeNull()
  })

  it('is 404 for an unknown contact, 400 for a bad cursor', async () => {
    expect((await get('/contacts/9/history')).json()).toMatchObject({ statusCode: 404, code: 'CONTACT_NOT_FOUND' })
    expect((await get('/contacts/1/history?after=-1')).statusCode).toBe(400)
  })
})

describe('GET /contacts/:id/explain', () => {
  it('names the joining request, or the shared identifiers, step by step', async () => {
    await georgeAndBiff()
    await identify(app, { email: 'biff@tannen.com', phoneNumber: '717171' }) // 3, shares biff's phone
    const response = await get('/contacts/1/explain?with=3')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      from: 1,
      to: 3,
      steps: [{
        from: 1, to: 3, via: { kind: 'request', eventId: expect.any(Number), requestId: 'join-them', at: expect.any(String), email: 'george@hillvalley.edu', phoneNumber: '717171' }
      }],
      complete: true
    })
    expect((await get('/contacts/2/explain?with=3')).json().steps).toEqual([{ from: 2, to: 3, via: { kind: 'phoneNumber', value: '717171' } }])
  })

  it('is 404 NOT_LINKED for contacts of different identities, 404 for an unknown one', async () => {
    await identify(app, { email: 'a@x.io' })
    await identify(app, { email: 'b@x.io' })
    expect((await get('/contacts/1/explain?with=2')).json()).toMatchObject({ statusCode: 404, code: 'NOT_LINKED' })
    expect((await get('/contacts/1/explain?with=7')).json()).toMatchObject({ statusCode: 404, code: 'CONTACT_NOT_FOUND' })
    expect((await get('/contacts/1/explain?with=x')).statusCode).toBe(400)
    expect((await get('/contacts/1/explain')).statusCode).toBe(400)
  })

  it('is 409 EVIDENCE_MISSING for an identity written before the log', async () => {
    await georgeAndBiff()
    await settle(app)
    await app.db.models.Event.deleteMany({ type: 'identities.merged' })
    expect((await get('/contacts/1/explain?with=2')).json()).toMatchObject({ statusCode: 409, code: 'EVIDENCE_MISSING' })
  })
})

describe('GET /contacts/:id/evidence', () => {
  it('draws the identity: its contacts and what links them', async () => {
    await georgeAndBiff()
    const body = (await get('/contacts/2/evidence')).json()
    expect(body.primaryContactId).toBe(1)
    expect(body.contacts.map((c: { id: number, linkPrecedence: string }) => [c.id, c.linkPrecedence])).toEqual([[1, 'primary'], [2, 'secondary']])
    expect(body.links).toEqual([{ via: expect.objectContaining({ kind: 'request', requestId: 'join-them' }), contactIds: [1, 2] }])
  })
})

describe('GET /events', () => {
  it('is every event in id order, paged', async () => {
    await georgeAndBiff()
    await identifyAs('create-doc', { email: 'doc@x.io' })
    const all = (await get('/events')).json()
    const ids = all.events.map((e: { id: number }) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    // Numbered in the order their outbox writes became visible: the merge after the two creations
    // it joins (it held their locks until then). Doc's creation, another identity's, may overtake
    // the merge's write, which without transactions follows the merge's answer.
    const events = all.events.map((e: { type: string, requestId: string }) => `${e.type} ${e.requestId}`)
    expect(events.filter((e: string) => e !== 'contact.created create-doc'))
      .toEqual(['contact.created create-george', 'contact.created create-biff', 'identities.merged join-them'])
    expect(events).toContain('contact.created create-doc')
    expect(events).toHaveLength(4)
    const page = (await get(`/events?after=${all.events[1].id}&limit=1`)).json()
    expect(page).toMatchObject({ events: [{ id: all.events[2].id }], next: all.events[2].id })
    expect((await get('/events?limit=0')).statusCode).toBe(400)
    expect((await get('/events?limit=1001')).statusCode).toBe(400)
  })

  it('is not written to by lookups', async () => {
    await identify(app, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' })
    await identify(app, { email: 'mcfly@hillvalley.edu', phoneNumber: '123456' })
    const before = await readEvents(app)
    for (const body of [{ phoneNumber: '123456' }, { email: 'mcfly@hillvalley.edu' }, { email: 'lorraine@hillvalley.edu', phoneNumber: 123456 }]) {
      expect((await identify(app, body)).json()).toEqual(martyIdentity)
    }
    expect(await readEvents(app)).toEqual(before)
    expect(await checkEventLog(app)).toEqual([])
  })
})

describe('GET /identities', () => {
  it('finds 0, 1 or 2 identities, normalised like /identify, writing nothing', async () => {
    await identify(app, { email: 'a@x.io', phoneNumber: '1' })
    await identify(app, { email: 'b@x.io', phoneNumber: '2' })
    const before = await readContacts(app)
    expect((await get('/identities?email=nobody@x.io')).json()).toEqual({ identities: [] })
    expect((await get('/identities?email=%20A@X.IO%20')).json().identities.map((i: { primaryContactId: number }) => i.primaryContactId)).toEqual([1])
    expect((await get('/identities?email=a@x.io&phoneNumber=2')).json().identities.map((i: { primaryContactId: number }) => i.primaryContactId)).toEqual([1, 2])
    expect(await readContacts(app)).toEqual(before)
  })

  it('answers the same 400s as /identify', async () => {
    expect((await get('/identities')).json()).toMatchObject({ statusCode: 400, code: 'MISSING_CONTACT_FIELDS' })
    expect((await get('/identities?email=nope')).json()).toMatchObject({ statusCode: 400, code: 'INVALID_EMAIL' })
    expect((await get('/identities?phone=1')).json()).toMatchObject({ statusCode: 400, code: 'FST_ERR_VALIDATION' })
  })
})

describe('POST /identify?dryRun=true', () => {
  it('says what a merge would do and writes nothing', async () => {
    await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '919191' })
    await identify(app, { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
    const before = { contacts: await readContacts(app), events: await readEvents(app) }
    const response = await app.inject({ method: 'POST', url: '/identify?dryRun=true', payload: { email: 'george@hillvalley.edu', phoneNumber: '717171' } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      dryRun: true,
      outcome: 'merged',
      create: null,
      demote: [2],
      relink: [],
      identity: { primaryContactId: 1, emails: ['george@hillvalley.edu', 'biffsucks@hillvalley.edu'], phoneNumbers: ['919191', '717171'], secondaryContactIds: [2] }
    })
    expect({ contacts: await readContacts(app), events: await readEvents(app) }).toEqual(before)
  })

  it('says which contact it would create', async () => {
    const response = await app.inject({ method: 'POST', url: '/identify?dryRun=true', payload: { email: 'new@x.io' } })
    expect(response.json()).toMatchObject({ outcome: 'created-primary', create: { email: 'new@x.io', phoneNumber: null, linkedId: null }, identity: { primaryContactId: 0, emails: ['new@x.io'] } })
    expect(await readContacts(app)).toEqual([])
    expect((await app.inject({ method: 'POST', url: '/identify?dryRun=maybe', payload: { email: 'new@x.io' } })).statusCode).toBe(400)
  })
})
