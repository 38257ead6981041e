// Undo: a wrong merge taken apart from the recorded evidence, seen by callers and by the feed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { EventLog } from '../../src/db/event-log.js'
import { EventSequencer } from '../../src/db/event-sequencer.js'
import { PendingEvents } from '../../src/db/pending-events.js'
import { mongoIdentityStore } from '../../src/identity-plugin.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { checkInvariants } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const headers = { authorization: `Bearer ${TOKEN}`, 'x-operator': 'doc' }

let app: App
beforeAll(async () => { app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, IDENTITY_SIZE_LIMIT: '2' } }) })
afterAll(async () => { await app.close() })
beforeEach(async () => {
  await resetDatabase(app)
  await app.db.models.BlockRule.deleteMany({})
  await app.blocklist.refresh()
})

async function undo (body: object, dryRun = false) {
  return await app.inject({ method: 'POST', url: `/admin/undo?dryRun=${String(dryRun)}`, headers, payload: body })
}

async function mergeEventId (): Promise<number> {
  return (await readEvents(app)).find(e => e.type === 'identities.merged' || e.type === 'merge.approved')!._id
}

const george = { primaryContactId: 1, emails: ['george@hillvalley.edu'], phoneNumbers: ['919191'], secondaryContactIds: [] }
const biff = { primaryContactId: 2, emails: ['biffsucks@hillvalley.edu'], phoneNumbers: ['717171'], secondaryContactIds: [] }

/** the contract's second worked example; with the size limit of 2 the join needs no approval. */
async function mergeGeorgeAndBiff (): Promise<void> {
  await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '919191' })
  await identify(app, { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
  expect((await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' })).json().secondaryContactIds).toEqual([2])
}

describe('undoing one merge', () => {
  it('shows the dry run first, writing nothing', async () => {
    await mergeGeorgeAndBiff()
    const before = { contacts: await readContacts(app), events: await readEvents(app) }
    const response = await undo({ eventId: await mergeEventId() }, true)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      dryRun: true,
      undone: { kind: 'merge', eventId: await mergeEventId() },
      before: [{ primaryContactId: 1, emails: ['george@hillvalley.edu', 'biffsucks@hillvalley.edu'], phoneNumbers: ['919191', '717171'], secondaryContactIds: [2] }],
      after: [george, biff],
      split: true,
      stillJoinedBy: null,
      eventId: null
    })
    expect({ contacts: await readContacts(app), events: await readEvents(app) }).toEqual(before)
  })

  it('splits the identity: callers, the history and the feed see it; nothing is deleted', async () => {
    await mergeGeorgeAndBiff()
    const response = await undo({ eventId: await mergeEventId() })
    expect(response.json()).toMatchObject({ dryRun: false, split: true, after: [george, biff], eventId: expect.any(Number) })
    expect((await app.inject({ method: 'GET', url: '/contacts/2' })).json()).toEqual(biff)
    expect((await identify(app, { email: 'george@hillvalley.edu' })).json()).toEqual(george)
    expect(await readContacts(app)).toHaveLength(2)
    const split = (await app.inject({ method: 'GET', url: '/contacts/2/history' })).json().events.at(-1)
    expect(split).toMatchObject({ type: 'identity.split', actor: 'admin', formerPrimaryId: 1, primaryIds: [1, 2], contactIds: [1, 2], undone: { kind: 'merge' } })
    expect((await app.inject({ method: 'GET', url: '/events' })).json().events.at(-1).id).toBe(split.id)
    expect(await checkEventLog(app)).toEqual([])
    expect((await undo({ eventId: await mergeEventId() })).json()).toMatchObject({ statusCode: 409, code: 'NOT_UNDOABLE' })
  })

  it('stays undone; a later request that joins them again is new evidence', async () => {
    await mergeGeorgeAndBiff()
    await undo({ eventId: await mergeEventId() })
    expect((await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' })).json().secondaryContactIds).toEqual([2])
    const merges = (await readEvents(app)).filter(e => e.type === 'identities.merged')
    expect(merges).toHaveLength(2)
    expect(await checkEventLog(app)).toEqual([])
  })

  it('splits nothing when other evidence still joins them, and names it', async () => {
    // A {a, 1}; B {b, 2} and {b, 3}: any join makes 3 contacts, past the limit of 2: held.
    await identify(app, { email: 'a@x.io', phoneNumber: '1' })
    await identify(app, { email: 'b@x.io', phoneNumber: '2' })
    await identify(app, { email: 'b@x.io', phoneNumber: '3' })
    const first = (await identify(app, { email: 'a@x.io', phoneNumber: '2' })).json().held.holdId
    // Held apart from the first: it is answered with (and gathered into the holds of) B, which holds its email.
    const second = (await identify(app, { email: 'b@x.io', phoneNumber: '1' })).json().held.holdId
    expect(second).not.toBe(first)
    await app.inject({ method: 'POST', url: `/admin/holds/${first}/approve`, headers })
    await app.inject({ method: 'POST', url: `/admin/holds/${second}/approve`, headers })
    const [firstJoin, secondJoin] = (await readEvents(app)).filter(e => e.type === 'merge.approved')
    const response = (await undo({ eventId: firstJoin!._id })).json()
    expect(response).toMatchObject({ split: false, after: [{ primaryContactId: 1, secondaryContactIds: [2, 3] }] })
    // From the undone join's email (contact 1) to its phone (contact 2): the second join, which named them both.
    expect(response.stillJoinedBy).toEqual([
      { from: 1, to: 2, via: expect.objectContaining({ kind: 'request', eventId: secondJoin!._id, email: 'b@x.io', phoneNumber: '1' }) }
    ])
    expect((await readEvents(app)).at(-1)).toMatchObject({ type: 'link.undone' })
    // With the second join undone too, nothing holds them together any more.
    expect((await undo({ eventId: secondJoin!._id })).json()).toMatchObject({ split: true, after: [{ primaryContactId: 1 }, { primaryContactId: 2 }] })
    expect(await checkEventLog(app)).toEqual([])
  })

  it('refuses what is not a merge, and an unknown event', async () => {
    await identify(app, { email: 'a@x.io' })
    const created = (await readEvents(app))[0]!._id
    expect((await undo({ eventId: created })).json()).toMatchObject({ statusCode: 409, code: 'NOT_UNDOABLE' })
    expect((await undo({ eventId: 999 })).json()).toMatchObject({ statusCode: 404, code: 'EVENT_NOT_FOUND' })
    expect((await undo({ eventId: 1, email: 'a@x.io' })).statusCode).toBe(400)
  })
})

describe('undoing every link through an identifier', () => {
  async function callCentre (): Promise<void> {
    await identify(app, { email: 'ann@x.io', phoneNumber: '+1 415 555 0100' }) // 1
    await identify(app, { email: 'bob@x.io', phoneNumber: '+1 415 555 0100' }) // 2, through the shared phone only
  }

  it('needs the identifier blocked first', async () => {
    await callCentre()
    expect((await undo({ phoneNumber: '+1 415 555 0100' })).json()).toMatchObject({ statusCode: 409, code: 'IDENTIFIER_NOT_BLOCKED' })
  })

  it('splits what only it joined, and leaves it on the contacts', async () => {
    await callCentre()
    await app.inject({ method: 'POST', url: '/admin/blocklist', headers, payload: { field: 'phoneNumber', match: 'exact', value: '+14155550100' } })
    const dry = (await undo({ phoneNumber: '+1 415 555 0100' }, true)).json()
    expect(dry).toMatchObject({ dryRun: true, split: true, after: [{ primaryContactId: 1, emails: ['ann@x.io'] }, { primaryContactId: 2, emails: ['bob@x.io'] }] })
    const done = (await undo({ phoneNumber: '+1 415 555 0100' })).json()
    expect(done).toMatchObject({ split: true, undone: { kind: 'identifier', field: 'phoneNumber', value: '+14155550100' } })
    expect((await app.inject({ method: 'GET', url: '/contacts/2' })).json()).toMatchObject({ primaryContactId: 2, phoneNumbers: ['+14155550100'] })
    const accepted = [{ email: 'ann@x.io', phoneNumber: '+14155550100' }, { email: 'bob@x.io', phoneNumber: '+14155550100' }]
    expect(checkInvariants(await readContacts(app), accepted, new Set(['p:+14155550100']))).toEqual([])
    expect(await checkEventLog(app)).toEqual([])
    // The blocked phone links no one now: a request with it and a known email answers that email's identity.
    expect((await identify(app, { email: 'bob@x.io', phoneNumber: '+1 (415) 555-0100' })).json()).toMatchObject({ primaryContactId: 2, ignored: [{ field: 'phoneNumber' }] })
  })
})

describe('an undo while the evidence waits for its number', () => {
  // An instance without a sequencer of its own: its events wait in the outbox until the test starts one.
  let quiet: App
  beforeAll(async () => {
    quiet = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN }, identityStore: (db, config, hooks) => Object.assign(mongoIdentityStore(db, config, hooks), { start: () => {} }) })
  })
  afterAll(async () => { await quiet.close() })

  it('waits for it, and keeps the merge it cannot see in the log yet (found by the trust property test)', async () => {
    const { models } = quiet.db
    const ask = async (body: object) => await quiet.inject({ method: 'POST', url: '/identify', payload: body })
    // The sequencer of another instance: one numbers the creations and the block, a later one the rest.
    const sequencer = (): EventSequencer => new EventSequencer(models, new PendingEvents(models), new EventLog(models), { leaseMs: 60_000, idleMs: 20, pollMs: 20, waitMs: 20_000 })
    await ask({ email: 'ann@x.io', phoneNumber: '100' }) // 1
    await ask({ email: 'bob@x.io', phoneNumber: '200' }) // 2
    const first = sequencer()
    first.start()
    expect((await quiet.inject({ method: 'POST', url: '/admin/blocklist', headers, payload: { field: 'email', match: 'exact', value: 'ann@x.io' } })).statusCode).toBe(201)
    await first.stop()
    expect((await ask({ email: 'bob@x.io', phoneNumber: '100' })).json()).toMatchObject({ primaryContactId: 1, secondaryContactIds: [2] })
    // The merge's event follows its answer into the outbox, and waits there for a number.
    while (await models.PendingEvent.countDocuments() === 0) await new Promise(resolve => setTimeout(resolve, 20))
    expect((await models.PendingEvent.find({}).lean()).map(row => (row.event as { type: string }).type)).toEqual(['identities.merged'])
    const second = sequencer()
    const late = setTimeout(() => { second.start() }, 300)
    try {
      // ann@x.io carried no join: the merge through bob's email and ann's phone still holds them together.
      const undone = await quiet.inject({ method: 'POST', url: '/admin/undo', headers, payload: { email: 'ann@x.io' } })
      expect(undone.json()).toMatchObject({ split: false })
      expect((await ask({ email: null, phoneNumber: '200' })).json()).toMatchObject({ primaryContactId: 1, secondaryContactIds: [2] })
    } finally {
      clearTimeout(late)
      await second.stop()
    }
  })
})

describe('the admin route', () => {
  it('needs the token', async () => {
    expect((await app.inject({ method: 'POST', url: '/admin/undo', payload: { eventId: 1 } })).statusCode).toBe(401)
  })
})
