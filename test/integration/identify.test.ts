// POST /identify through the real app and database: the contract's worked examples and rules.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { martyIdentity } from '../helpers/spec-examples.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

let app: App
beforeAll(async () => { app = await buildTestApp({ env: { PHONE_DEFAULT_REGION: 'US' } }) })
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

describe('worked examples', () => {
  it('creates a primary, then a secondary, then answers lookups without writing', async () => {
    const first = await identify(app, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ primaryContactId: 1, emails: ['lorraine@hillvalley.edu'], phoneNumbers: ['123456'], secondaryContactIds: [] })

    const second = await identify(app, { email: 'mcfly@hillvalley.edu', phoneNumber: '123456' })
    expect(second.json()).toEqual(martyIdentity)

    for (const body of [{ email: null, phoneNumber: '123456' }, { email: 'mcfly@hillvalley.edu' }, { phoneNumber: 123456 }, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' }]) {
      const lookup = await identify(app, body)
      expect(lookup.statusCode, JSON.stringify(body)).toBe(200)
      expect(lookup.json()).toEqual(martyIdentity)
    }
    const rows = await readContacts(app)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({ _id: 2, linkedId: 1, linkPrecedence: 'secondary', email: 'mcfly@hillvalley.edu', phoneNumber: '123456', deletedAt: null })
    expect(rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(rows[1]!.createdAt.getTime())
  })

  it('merges two primaries under the older one without creating a contact', async () => {
    await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '919191' })
    await identify(app, { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
    const merged = await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' })
    expect(merged.json()).toEqual({
      primaryContactId: 1,
      emails: ['george@hillvalley.edu', 'biffsucks@hillvalley.edu'],
      phoneNumbers: ['919191', '717171'],
      secondaryContactIds: [2]
    })
    const rows = await readContacts(app)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({ _id: 2, linkedId: 1, linkPrecedence: 'secondary' })
    expect(rows[1]?.relinkPending).toBeUndefined()
  })
})

describe('merging', () => {
  it("re-points the demoted primary's secondaries to the surviving primary (no chains)", async () => {
    await identify(app, { email: 'a@x.io', phoneNumber: '1' }) // 1
    await identify(app, { email: 'b@x.io', phoneNumber: '2' }) // 2
    await identify(app, { email: 'c@x.io', phoneNumber: '2' }) // 3 -> 2
    await identify(app, { email: 'd@x.io', phoneNumber: '2' }) // 4 -> 2
    const merged = await identify(app, { email: 'a@x.io', phoneNumber: '2' })
    expect(merged.json()).toEqual({
      primaryContactId: 1,
      emails: ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'],
      phoneNumbers: ['1', '2'],
      secondaryContactIds: [2, 3, 4]
    })
    const rows = await readContacts(app)
    expect(rows.map(r => [r._id, r.linkedId, r.linkPrecedence])).toEqual([
      [1, null, 'primary'], [2, 1, 'secondary'], [3, 1, 'secondary'], [4, 1, 'secondary']
    ])
  })

  it('adds a secondary when the request brings a new phone to a known email', async () => {
    await identify(app, { email: 'a@x.io', phoneNumber: '1' })
    const response = await identify(app, { email: 'a@x.io', phoneNumber: '2' })
    expect(response.json()).toEqual({ primaryContactId: 1, emails: ['a@x.io'], phoneNumbers: ['1', '2'], secondaryContactIds: [2] })
  })

  it('creates a primary for an email alone, and links a later phone-only contact nowhere', async () => {
    expect((await identify(app, { email: 'solo@x.io' })).json()).toEqual({ primaryContactId: 1, emails: ['solo@x.io'], phoneNumbers: [], secondaryContactIds: [] })
    expect((await identify(app, { phoneNumber: '555' })).json()).toEqual({ primaryContactId: 2, emails: [], phoneNumbers: ['555'], secondaryContactIds: [] })
  })
})

describe('normalisation', () => {
  it('treats differently written forms of one email and one phone as the same', async () => {
    await identify(app, { email: ' Doc@HillValley.edu ', phoneNumber: '+1 (415) 555-0100' })
    const again = await identify(app, { email: 'doc@hillvalley.edu', phoneNumber: '415.555.0100' })
    expect(again.json()).toEqual({ primaryContactId: 1, emails: ['doc@hillvalley.edu'], phoneNumbers: ['+14155550100'], secondaryContactIds: [] })
    expect(await readContacts(app)).toHaveLength(1)
  })

  it.each([
    [{ email: '', phoneNumber: '42' }],
    [{ email: '   ', phoneNumber: 42 }],
    [{ email: null, phoneNumber: '42' }],
    [{ phoneNumber: ' 42 ' }]
  ])('treats empty, blank, null and absent as not given: %j', async (body) => {
    expect((await identify(app, body)).json()).toEqual({ primaryContactId: 1, emails: [], phoneNumbers: ['42'], secondaryContactIds: [] })
  })
})

describe('response shape switch', () => {
  it("answers in the original task statement's shape when RESPONSE_SHAPE=wrapped", async () => {
    const wrapped = await buildTestApp({ env: { RESPONSE_SHAPE: 'wrapped' } })
    try {
      await identify(wrapped, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' })
      const response = await identify(wrapped, { email: 'mcfly@hillvalley.edu', phoneNumber: 123456 })
      expect(response.json()).toEqual({
        contact: { primaryContatctId: 1, emails: martyIdentity.emails, phoneNumbers: martyIdentity.phoneNumbers, secondaryContactIds: [2] }
      })
      const byId = await wrapped.inject({ method: 'GET', url: '/contacts/2' })
      expect(byId.json()).toEqual(response.json())
    } finally {
      await wrapped.close()
    }
  })
})
