// Erasure: the whole identity's emails and phones leave every collection, later requests ignore them, and everyone else is untouched.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { checkInvariants, type AcceptedRequest } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts, resetDatabase, settle } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const SECRET = 'test-erasure-secret-0123456789abcdef'
// x-operator is ignored: the key's name ("admin" for ADMIN_TOKEN) is the actor.
const headers = { authorization: `Bearer ${TOKEN}`, 'x-operator': 'dpo' }

let app: App
beforeAll(async () => {
  app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, ERASURE_SECRET: SECRET, IDENTITY_SIZE_LIMIT: '3' } })
})
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

async function erase (body: object, dryRun = false) {
  return await app.inject({ method: 'POST', url: `/admin/erase?dryRun=${String(dryRun)}`, headers, payload: body })
}

// Long, distinctive values, so that a scan of every field cannot find one by accident.
const person = { emails: ['marty.erased@hillvalley.edu', 'marty.alias@hillvalley.edu', 'marty.joined@hillvalley.edu'], phones: ['5550001111', '5550002222'] }
const other = { email: 'doc.stays@hillvalley.edu', phone: '5550009999' }
const personRequests: AcceptedRequest[] = [
  { email: person.emails[0]!, phoneNumber: person.phones[0]! }, // 1
  { email: person.emails[1]!, phoneNumber: person.phones[0]! }, // 2, secondary of 1
  { email: person.emails[2]!, phoneNumber: person.phones[1]! }, // 3, its own identity
  { email: person.emails[0]!, phoneNumber: person.phones[1]! } // joins 3 into 1: a merge event naming both
]
const otherRequests: AcceptedRequest[] = [{ email: other.email, phoneNumber: other.phone }] // 4

/** The person (contacts 1-3, one merge), someone else (4), and a held merge that would join them. */
async function seed (target = app): Promise<number> {
  for (const body of [...personRequests, ...otherRequests]) expect((await identify(target, body)).statusCode).toBe(200)
  const held = await identify(target, { email: person.emails[1], phoneNumber: other.phone })
  expect(held.statusCode).toBe(202)
  return held.json().held.holdId
}

/** Every document of every collection of the app's database, as text, once what it answered is finished. */
async function everything (target = app): Promise<Record<string, string[]>> {
  await settle(target)
  const db = target.db.connection.db!
  const all: Record<string, string[]> = {}
  for (const { name } of await db.listCollections().toArray()) {
    // The sequencer's lease is renewed while it runs: a heartbeat, not data.
    if (name === 'leases') continue
    all[name] = (await db.collection(name).find({}).sort({ _id: 1 }).toArray()).map(doc => JSON.stringify(doc))
  }
  return all
}

/** Where any of `values` still appears, in any field of any document. */
async function traces (values: readonly string[], target = app): Promise<string[]> {
  const found: string[] = []
  for (const [collection, docs] of Object.entries(await everything(target))) {
    for (const doc of docs) for (const value of values) if (doc.includes(value)) found.push(`${collection}: ${value} in ${doc}`)
  }
  return found
}

describe('erasing a person', () => {
  it('shows in a dry run what it would erase, writing nothing', async () => {
    const holdId = await seed()
    const before = await everything()
    const dryRun = await erase({ email: person.emails[2] }, true)
    expect(dryRun.statusCode).toBe(200)
    const body = dryRun.json()
    expect(body).toMatchObject({
      dryRun: true,
      identity: { primaryContactId: 1, emails: person.emails, phoneNumbers: person.phones, secondaryContactIds: [2, 3] },
      contactIds: [1, 2, 3],
      holdIds: [holdId],
      suppressed: true,
      eventId: null
    })
    // The creations of 1-3, the merge, and the hold (whose cause names an email of the person).
    const named = (await readEvents(app)).filter(e => e.contactIds.some(id => id <= 3) || (e.cause?.email != null && person.emails.includes(e.cause.email))).map(e => e._id)
    expect(body.eventIds).toEqual(named)
    expect(await everything()).toEqual(before)
  })

  it('takes every email and phone of the identity out of every collection; the ids answer 410', async () => {
    const holdId = await seed()
    const response = await erase({ contactId: 2 })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ dryRun: false, contactIds: [1, 2, 3], holdIds: [holdId], suppressed: true })

    expect(await traces([...person.emails, ...person.phones])).toEqual([])
    for (const id of [1, 2, 3]) {
      const read = await app.inject({ method: 'GET', url: `/contacts/${id}` })
      expect(read.statusCode).toBe(410)
      expect(read.json()).toMatchObject({ code: 'CONTACT_ERASED' })
      expect((await app.inject({ method: 'GET', url: `/contacts/${id}/history` })).statusCode).toBe(410)
    }
    const rows = await readContacts(app)
    expect(rows.filter(r => r._id <= 3).map(r => ({ email: r.email, phoneNumber: r.phoneNumber, erased: r.deletedAt instanceof Date }))).toEqual(
      [1, 2, 3].map(() => ({ email: null, phoneNumber: null, erased: true })))
    // Everyone else: untouched, and I1-I6 hold.
    expect((await app.inject({ method: 'GET', url: '/contacts/4' })).json()).toEqual({ primaryContactId: 4, emails: [other.email], phoneNumbers: [other.phone], secondaryContactIds: [] })
    expect(checkInvariants(rows, otherRequests)).toEqual([])
    expect(await checkEventLog(app)).toEqual([])
    expect((await app.inject({ method: 'GET', url: `/identities?email=${person.emails[0]}` })).json()).toEqual({ identities: [] })
    // A held merge with an erased identity can only be rejected.
    const approval = await app.inject({ method: 'POST', url: `/admin/holds/${holdId}/approve`, headers })
    expect(approval.json()).toMatchObject({ statusCode: 409, code: 'HOLD_STALE' })
    expect((await app.inject({ method: 'POST', url: `/admin/holds/${holdId}/reject`, headers })).statusCode).toBe(200)
  })

  it('tells feed consumers, with ids only', async () => {
    await seed()
    const { eventId } = (await erase({ phoneNumber: person.phones[0] })).json()
    const feed = (await app.inject({ method: 'GET', url: '/events?after=0&limit=1000' })).json()
    const erased = feed.events.find((e: { id: number }) => e.id === eventId)
    expect(erased).toMatchObject({ type: 'identity.erased', primaryId: 1, contactIds: [1, 2, 3], cause: null, suppressed: true, actor: 'admin' })
    expect(feed.events.at(-1).id).toBe(eventId)
    expect(JSON.stringify(erased)).not.toMatch(/@|555000/)
  })

  it('refuses what it cannot do, writing nothing', async () => {
    await seed()
    await erase({ contactId: 1 })
    const before = await everything()
    expect((await erase({ contactId: 3 })).json()).toMatchObject({ statusCode: 410, code: 'CONTACT_ERASED' })
    expect((await erase({ contactId: 99 })).json()).toMatchObject({ statusCode: 404, code: 'CONTACT_NOT_FOUND' })
    expect((await erase({ email: 'nobody@x.io' })).json()).toMatchObject({ statusCode: 404, code: 'CONTACT_NOT_FOUND' })
    expect((await erase({ email: 'not an email' })).statusCode).toBe(400)
    expect((await erase({ contactId: 4, email: other.email })).statusCode).toBe(400)
    expect((await app.inject({ method: 'POST', url: '/admin/erase', payload: { contactId: 4 } })).statusCode).toBe(401)
    expect(await everything()).toEqual(before)
  })
})

describe('suppression', () => {
  it('ignores an erased identifier in later requests until an admin lifts it', async () => {
    await seed()
    await erase({ contactId: 1 })
    // Partly erased: answered with the rest, saying what it ignored and why; nothing erased is stored.
    const partly = await identify(app, { email: person.emails[0], phoneNumber: '5550003333' })
    expect(partly.statusCode).toBe(200)
    expect(partly.json()).toEqual({
      primaryContactId: 5, emails: [], phoneNumbers: ['5550003333'], secondaryContactIds: [], ignored: [{ field: 'email', value: person.emails[0], reason: 'erased' }]
    })
    const only = await identify(app, { phoneNumber: person.phones[1] })
    expect(only.statusCode).toBe(422)
    expect(only.json().code).toBe('IDENTIFIERS_BLOCKED')
    expect((await app.inject({ method: 'POST', url: '/identify?dryRun=true', payload: { email: person.emails[0] } })).statusCode).toBe(422)
    expect(await traces([...person.emails, ...person.phones])).toEqual([])

    const lift = await app.inject({ method: 'POST', url: '/admin/erase/lift', headers, payload: { phoneNumber: person.phones[1] } })
    expect(lift.statusCode).toBe(204)
    expect((await app.inject({ method: 'POST', url: '/admin/erase/lift', headers, payload: { phoneNumber: person.phones[1] } })).json())
      .toMatchObject({ statusCode: 404, code: 'SUPPRESSION_NOT_FOUND' })
    // Lifted: a new person as far as the service knows.
    expect((await identify(app, { phoneNumber: person.phones[1] })).json()).toEqual({ primaryContactId: 6, emails: [], phoneNumbers: [person.phones[1]], secondaryContactIds: [] })
    // The others stay suppressed.
    expect((await identify(app, { email: person.emails[1] })).statusCode).toBe(422)
    expect(checkInvariants(await readContacts(app), [...otherRequests, { email: null, phoneNumber: '5550003333' }, { email: null, phoneNumber: person.phones[1]! }])).toEqual([])
  })
})

describe('an erasure racing 30 requests on the same identity', () => {
  // The size limit at a third of the racers: some merges are held, most are made.
  let racing: App
  beforeAll(async () => {
    racing = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, ERASURE_SECRET: SECRET, IDENTITY_SIZE_LIMIT: '12', CONFLICT_RETRIES: '400' } })
  })
  afterAll(async () => { await racing.close() })

  it('leaves nothing of the person behind, and I1-I6 for everyone else', { timeout: 120_000 }, async () => {
    for (const body of [...personRequests, ...otherRequests]) expect((await identify(racing, body)).statusCode).toBe(200)
    const bodies = Array.from({ length: 30 }, (_, i) => [
      { email: person.emails[0], phoneNumber: `55500100${String(i).padStart(2, '0')}` }, // grows the identity, or a new person after
      { email: `racer${i}@hillvalley.edu`, phoneNumber: person.phones[1] }, // likewise
      { email: person.emails[1] } // a lookup
    ][i % 3]!)
    const requests = bodies.map(async (body, i) => {
      await new Promise(resolve => setTimeout(resolve, i * 10))
      return await identify(racing, body)
    })
    const erasure = (async () => {
      await new Promise(resolve => setTimeout(resolve, 100))
      return await racing.inject({ method: 'POST', url: '/admin/erase', headers, payload: { email: person.emails[0] } })
    })()
    const erased = await erasure
    expect(erased.statusCode).toBe(200)
    // Once it has answered, nothing of the person can be stored.
    expect((await identify(racing, { email: person.emails[1] })).statusCode).toBe(422)
    const answers = await Promise.all(requests)
    const { identity } = erased.json()
    const gone: string[] = [...identity.emails, ...identity.phoneNumbers]
    expect(gone).toEqual(expect.arrayContaining([...person.emails, ...person.phones]))

    // What each request had accepted: what it named minus what it was told it ignored.
    const accepted: AcceptedRequest[] = []
    answers.forEach((answer, i) => {
      // 202: held, nothing written but the hold; 422: all it named was erased by then.
      expect([200, 202, 422], answer.body).toContain(answer.statusCode)
      if (answer.statusCode !== 200) return
      const ignored = new Set((answer.json().ignored ?? []).map((it: { field: string }) => it.field))
      const body = bodies[i]!
      accepted.push({ email: ignored.has('email') ? null : body.email ?? null, phoneNumber: ignored.has('phoneNumber') ? null : body.phoneNumber ?? null })
    })
    expect(await traces(gone, racing)).toEqual([])
    // Accepted before the erasure, their identifiers went with it; the others' are everyone else's.
    const others = [...otherRequests, ...accepted].map(r => ({ email: gone.includes(r.email!) ? null : r.email, phoneNumber: gone.includes(r.phoneNumber!) ? null : r.phoneNumber }))
    expect(checkInvariants(await readContacts(racing), others)).toEqual([])
    expect(await checkEventLog(racing)).toEqual([])
    expect(await racing.db.models.Lock.countDocuments({})).toBe(0)
    const statuses = answers.map(a => a.statusCode)
    const ignoring = answers.filter(a => a.statusCode === 200 && a.json().ignored !== undefined).length
    console.log(`[tests] erasure race: ${['200', '202', '422'].map(code => `${code}: ${statuses.filter(s => String(s) === code).length}`).join(', ')} (${ignoring} of the 200s ignored an erased identifier); erased ${identity.secondaryContactIds.length + 1} contacts`)
  })
})

describe('without ERASURE_SECRET', () => {
  let plain: App
  beforeAll(async () => { plain = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN } }) })
  afterAll(async () => { await plain.close() })

  it('refuses to suppress, and erases without suppression when told to', async () => {
    await identify(plain, { email: person.emails[0], phoneNumber: person.phones[0] })
    const refused = await plain.inject({ method: 'POST', url: '/admin/erase', headers, payload: { contactId: 1 } })
    expect(refused.json()).toMatchObject({ statusCode: 409, code: 'SUPPRESSION_UNAVAILABLE' })
    expect((await plain.inject({ method: 'GET', url: '/contacts/1' })).statusCode).toBe(200)
    const done = await plain.inject({ method: 'POST', url: '/admin/erase', headers, payload: { contactId: 1, suppress: false } })
    expect(done.json()).toMatchObject({ contactIds: [1], suppressed: false })
    // Nothing suppressed: the same email is a new person.
    expect((await identify(plain, { email: person.emails[0] })).json()).toEqual({ primaryContactId: 2, emails: [person.emails[0]], phoneNumbers: [], secondaryContactIds: [] })
  })
})
