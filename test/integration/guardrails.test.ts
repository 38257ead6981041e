// Guardrails: blocked identifiers link no one; merges past the limits wait for an operator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { checkInvariants } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}`, 'x-operator': 'jennifer' }

let app: App
beforeAll(async () => {
  app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, IDENTITY_SIZE_LIMIT: '4', GENERIC_IDENTIFIER_LIMIT: '1', BLOCKLIST_REFRESH_MS: '200' } })
})
afterAll(async () => { await app.close() })
beforeEach(async () => {
  await resetDatabase(app)
  await app.db.models.BlockRule.deleteMany({})
  await app.blocklist.refresh()
})

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return await app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload }) })
}

describe('built-in blocked identifiers', () => {
  it('are treated as not given, said in the answer, and never stored', async () => {
    const response = await identify(app, { email: 'Test@Example.com', phoneNumber: '123456' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      primaryContactId: 1,
      emails: [],
      phoneNumbers: ['123456'],
      secondaryContactIds: [],
      ignored: [{ field: 'email', value: 'test@example.com', reason: 'blocked', ruleId: 'builtin-placeholder-email' }]
    })
    expect((await readContacts(app)).map(c => c.email)).toEqual([null])
  })

  it.each([['0000000'], ['1234567890'], ['0123456789'], ['+1111111']])('block the phone %s', async (phoneNumber) => {
    expect((await identify(app, { email: 'a@x.io', phoneNumber })).json().ignored).toMatchObject([{ field: 'phoneNumber' }])
  })

  it('do not block short test numbers or ordinary addresses', async () => {
    const response = await identify(app, { email: 'testing@x.io', phoneNumber: '123456' })
    expect(response.json()).not.toHaveProperty('ignored')
  })

  it('answer 422 and write nothing when every identifier is blocked', async () => {
    const response = await identify(app, { email: 'noreply@shop.io', phoneNumber: '999999' })
    expect(response.statusCode).toBe(422)
    expect(response.json()).toMatchObject({ statusCode: 422, code: 'IDENTIFIERS_BLOCKED', error: 'Unprocessable Entity' })
    expect(await readContacts(app)).toEqual([])
    expect(await readEvents(app)).toEqual([])
  })
})

describe('operator rules', () => {
  it('block an exact value (normalised) until removed, each change an event with its actor', async () => {
    const added = await admin('POST', '/admin/blocklist', { field: 'phoneNumber', match: 'exact', value: '(555) 0199' })
    expect(added.statusCode).toBe(201)
    const { rule } = added.json()
    expect(rule).toMatchObject({ field: 'phoneNumber', match: 'exact', value: '5550199', builtIn: false, actor: 'jennifer' })
    expect((await identify(app, { email: 'a@x.io', phoneNumber: '555-0199' })).json().ignored).toMatchObject([{ ruleId: rule.id }])
    expect((await admin('GET', '/admin/blocklist')).json().rules.map((r: { id: string }) => r.id)).toContain(rule.id)

    expect((await admin('DELETE', `/admin/blocklist/${rule.id}`)).statusCode).toBe(204)
    expect((await identify(app, { email: 'b@x.io', phoneNumber: '555-0199' })).json()).not.toHaveProperty('ignored')
    const events = (await readEvents(app)).filter(e => e.type.startsWith('identifier.'))
    expect(events.map(e => [e.type, e.actor])).toEqual([['identifier.blocked', 'jennifer'], ['identifier.unblocked', 'jennifer']])
  })

  it('block values matching a pattern', async () => {
    await admin('POST', '/admin/blocklist', { field: 'email', match: 'pattern', value: '@mailinator\\.com$' })
    expect((await identify(app, { email: 'x@MAILINATOR.com', phoneNumber: '42' })).json().ignored).toMatchObject([{ field: 'email' }])
  })

  it.each([['['], [''], ['(a)\\1'], ['(?=a)x']])('refuse the pattern %j (not RE2 syntax)', async (value) => {
    const response = await admin('POST', '/admin/blocklist', { field: 'email', match: 'pattern', value })
    expect(response.statusCode).toBe(400)
  })

  it('accept a pattern that would backtrack for ever elsewhere: matching it is linear', async () => {
    const added = await admin('POST', '/admin/blocklist', { field: 'email', match: 'pattern', value: '^(\\w|\\w)*$' })
    expect(added.statusCode).toBe(201)
    const response = await identify(app, { email: `${'a'.repeat(34)}@x.io`, phoneNumber: '42' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).not.toHaveProperty('ignored')
  })

  it('cap the number of pattern rules, not of exact ones', async () => {
    const capped = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, BLOCKLIST_PATTERN_LIMIT: '2' } })
    try {
      const add = async (match: string, value: string) => await capped.inject({ method: 'POST', url: '/admin/blocklist', headers: auth, payload: { field: 'email', match, value } })
      expect((await add('pattern', '^a@')).statusCode).toBe(201)
      expect((await add('pattern', '^b@')).statusCode).toBe(201)
      expect((await add('pattern', '^c@')).json()).toMatchObject({ statusCode: 409, code: 'PATTERN_LIMIT' })
      expect((await add('exact', 'c@x.io')).statusCode).toBe(201)
      expect(await capped.db.models.BlockRule.countDocuments({ match: 'pattern' })).toBe(2)
    } finally {
      await capped.close()
    }
  })

  it('refuse to remove a built-in rule, and name an unknown one', async () => {
    expect((await admin('DELETE', '/admin/blocklist/builtin-placeholder-email')).json()).toMatchObject({ statusCode: 409, code: 'BUILT_IN_RULE' })
    expect((await admin('DELETE', '/admin/blocklist/rule-nope')).json()).toMatchObject({ statusCode: 404, code: 'RULE_NOT_FOUND' })
  })

  it('reach another instance within the refresh interval', async () => {
    const other = await buildTestApp({ env: { MONGODB_DB_NAME: app.config.MONGODB_DB_NAME, ADMIN_TOKEN: TOKEN, BLOCKLIST_REFRESH_MS: '200' } })
    try {
      await admin('POST', '/admin/blocklist', { field: 'email', match: 'exact', value: 'shared@callcentre.io' })
      let ignored: unknown
      for (let tries = 0; ignored === undefined && tries < 100; tries++) {
        await new Promise(resolve => setTimeout(resolve, 100))
        ignored = (await other.inject({ method: 'POST', url: '/identify?dryRun=false', payload: { email: 'shared@callcentre.io', phoneNumber: '7' } })).json().ignored
      }
      expect(ignored).toMatchObject([{ field: 'email' }])
    } finally {
      await other.close()
    }
  })
})

describe('admin routes', () => {
  it('refuse a request without the token, or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: TOKEN }]) {
      const response = await app.inject({ method: 'GET', url: '/admin/holds', headers })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized' })
    }
  })

  it('do not exist without a configured token', async () => {
    const plain = await buildTestApp()
    try {
      const response = await plain.inject({ method: 'GET', url: '/admin/holds', headers: auth })
      expect(response.statusCode).toBe(404)
    } finally {
      await plain.close()
    }
  })
})

describe('held merges', () => {
  /** Two identities of two contacts each: 1 {a, 1}, 2 {b, 1}; 3 {c, 3}, 4 {d, 3}. */
  async function twoPairs (): Promise<void> {
    for (const body of [{ email: 'a@x.io', phoneNumber: '1' }, { email: 'b@x.io', phoneNumber: '1' }, { email: 'c@x.io', phoneNumber: '3' }, { email: 'd@x.io', phoneNumber: '3' }]) {
      expect((await identify(app, body)).statusCode).toBe(200)
    }
  }

  it('hold a merge past the identity size: 202, a usable identity, only the hold written', async () => {
    await twoPairs()
    await identify(app, { email: 'a@x.io', phoneNumber: '9' }) // identity 1 grows to 3
    const contacts = await readContacts(app)
    const response = await identify(app, { email: 'a@x.io', phoneNumber: '3' })
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({
      primaryContactId: 1,
      emails: ['a@x.io', 'b@x.io'],
      phoneNumbers: ['1', '9'],
      secondaryContactIds: [2, 5],
      held: { holdId: expect.any(Number), reason: 'identity-size', status: 'pending' }
    })
    expect(await readContacts(app)).toEqual(contacts)
    const { holds } = (await admin('GET', '/admin/holds?status=pending')).json()
    expect(holds).toMatchObject([{ id: response.json().held.holdId, status: 'pending', reason: 'identity-size', join: { email: 'a@x.io', phoneNumber: '3' }, primaryIds: [1, 3] }])
    // The same request again meets the same hold.
    expect((await identify(app, { email: 'a@x.io', phoneNumber: '3' })).json().held.holdId).toBe(holds[0].id)
    expect((await admin('GET', '/admin/holds')).json().holds).toHaveLength(1)
  })

  it('merge when approved, as rule 3 says at that moment; the decision is an event with its actor', async () => {
    await twoPairs()
    await identify(app, { email: 'a@x.io', phoneNumber: '9' })
    const holdId = (await identify(app, { email: 'a@x.io', phoneNumber: '3' })).json().held.holdId
    const approved = await admin('POST', `/admin/holds/${holdId}/approve`)
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ hold: { id: holdId, status: 'approved', decidedBy: 'jennifer' }, identity: { primaryContactId: 1, secondaryContactIds: [2, 3, 4, 5] } })
    expect((await admin('POST', `/admin/holds/${holdId}/reject`)).json()).toMatchObject({ statusCode: 409, code: 'HOLD_DECIDED' })
    const accepted = [{ email: 'a@x.io', phoneNumber: '1' }, { email: 'b@x.io', phoneNumber: '1' }, { email: 'c@x.io', phoneNumber: '3' }, { email: 'd@x.io', phoneNumber: '3' }, { email: 'a@x.io', phoneNumber: '9' }, { email: 'a@x.io', phoneNumber: '3' }]
    expect(checkInvariants(await readContacts(app), accepted)).toEqual([])
    expect(await checkEventLog(app)).toEqual([])
    expect((await readEvents(app)).find(e => e.type === 'merge.approved')).toMatchObject({ actor: 'jennifer', data: { holdId, mergedPrimaryIds: [3] } })
  })

  it('keep identities apart once rejected: the same evidence is not held again', async () => {
    await twoPairs()
    await identify(app, { email: 'a@x.io', phoneNumber: '9' })
    const holdId = (await identify(app, { email: 'a@x.io', phoneNumber: '3' })).json().held.holdId
    expect((await admin('POST', `/admin/holds/${holdId}/reject`)).json()).toMatchObject({ hold: { status: 'rejected', decidedBy: 'jennifer' } })
    const again = await identify(app, { email: 'a@x.io', phoneNumber: '3' })
    expect(again.statusCode).toBe(202)
    expect(again.json().held).toEqual({ holdId, reason: 'identity-size', status: 'rejected' })
    expect((await admin('GET', '/admin/holds')).json().holds).toHaveLength(1)
    expect((await admin('POST', '/admin/holds/999/approve')).json()).toMatchObject({ statusCode: 404, code: 'HOLD_NOT_FOUND' })
  })

  it('hold a new contact through an identifier that has joined too many already', async () => {
    // The limit is 1: h2 joined through 800, then h3 (one joined before it, not more); not h4.
    for (const email of ['h1@x.io', 'h2@x.io', 'h3@x.io']) expect((await identify(app, { email, phoneNumber: '800' })).statusCode).toBe(200)
    const response = await identify(app, { email: 'h4@x.io', phoneNumber: '800' })
    expect(response.statusCode).toBe(202)
    expect(response.json().held).toMatchObject({ reason: 'generic-identifier' })
    expect(await readContacts(app)).toHaveLength(3)
  })

  it('count in the metrics', async () => {
    await twoPairs()
    await identify(app, { email: 'a@x.io', phoneNumber: '9' })
    await identify(app, { email: 'a@x.io', phoneNumber: '3' })
    await identify(app, { email: 'null@x.io', phoneNumber: '1' })
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
    expect(text).toMatch(/^identity_holds_total\{event="created"\} [1-9]/m)
    expect(text).toMatch(/^identity_ignored_identifiers_total [1-9]/m)
  })
})
