// A request that dies between the writes of a merge: reads stay right, the next touch repairs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog } from '../helpers/event-log.js'
import { lockPathOnly } from '../helpers/deployment-mode.js'
import { faultyStore, type StepHook } from '../helpers/faulty-store.js'
import { checkInvariants } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

// The fault to inject after a write step; tests set it, the store calls it.
let fault: StepHook | undefined
let app: App
beforeAll(async () => {
  // A lease short enough that locks left by a "dead" request expire within the test, long enough
  // that a live request on a loaded machine finishes its writes within half of it.
  app = await buildTestApp({
    env: { LOCK_LEASE_MS: '4000', ADMIN_TOKEN: 'test-admin-token-0123456789', ERASURE_SECRET: 'test-erasure-secret-0123456789abcdef' },
    identityStore: faultyStore(() => fault)
  })
})
afterAll(async () => { await app.close() })
beforeEach(async (context) => {
  lockPathOnly(context, app, 'a change that stops between its writes, and its repair')
  fault = undefined
  await resetDatabase(app)
})

const setup = [
  { email: 'a@x.io', phoneNumber: '1' }, // 1
  { email: 'b@x.io', phoneNumber: '2' }, // 2
  { email: 'c@x.io', phoneNumber: '2' } // 3, secondary of 2
]
const merging = { email: 'a@x.io', phoneNumber: '2' }
const merged = { primaryContactId: 1, emails: ['a@x.io', 'b@x.io', 'c@x.io'], phoneNumbers: ['1', '2'], secondaryContactIds: [2, 3] }

async function seed (): Promise<void> {
  for (const body of setup) expect((await identify(app, body)).statusCode).toBe(200)
}

describe.each(['demoted', 'relinked'] as const)('a merge that fails after the step "%s"', (failingStep) => {
  it('leaves a state that reads answer correctly and the next request repairs', async () => {
    await seed()
    fault = (step, when) => { if (step === failingStep && when === 'after') throw new Error(`injected fault after ${step}`) }
    const failed = await identify(app, merging)
    expect(failed.statusCode).toBe(500)
    expect(failed.json()).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', error: 'Internal Server Error', message: 'Internal Server Error' })
    fault = undefined

    // The crash left its trace: contact 2 demoted, but flagged.
    const broken = await readContacts(app)
    expect(broken.find(r => r._id === 2)).toMatchObject({ linkedId: 1, relinkPending: true })
    expect(checkInvariants(broken, [...setup, merging])).not.toEqual([])

    // Reads already see the merged identity, from any contact of it.
    for (const id of [1, 2, 3]) {
      expect((await app.inject({ method: 'GET', url: `/contacts/${id}` })).json()).toEqual(merged)
    }
    // The next request touching the cluster (here through contact 3 only) repairs it.
    expect((await identify(app, { email: 'c@x.io' })).json()).toEqual(merged)
    expect(checkInvariants(await readContacts(app), [...setup, merging])).toEqual([])
    // The failed request recorded what it wrote before it answered: the merge is in the log once.
    expect(await checkEventLog(app)).toEqual([])
  })
})

describe('a request that stops for good while holding its locks', () => {
  it('is taken over when its lease runs out, and cannot write after it resumes', async () => {
    await seed()
    let reached!: () => void
    const paused = new Promise<void>(resolve => { reached = resolve })
    let resume!: () => void
    fault = async (step, when) => {
      if (step !== 'demoted' || when !== 'after') return
      fault = undefined
      reached()
      // Stands still like a stopped process, with its lock documents in place.
      await new Promise<void>(resolve => { resume = resolve })
    }
    const stalled = identify(app, merging)
    await paused
    expect(await app.db.models.Lock.countDocuments({})).toBeGreaterThan(0)

    // A lookup does not wait for the dead request: the read already resolves the links, and it
    // writes nothing (it does not even try the locks).
    const locks = await app.db.models.Lock.find({}).lean()
    const lookup = await identify(app, { email: 'c@x.io' })
    expect(lookup.json()).toEqual(merged)
    expect(await app.db.models.Lock.find({}).lean()).toEqual(locks)

    // A request that must write waits for the lease to run out, takes the locks over, repairs,
    // and adds its contact.
    const grown = { ...merged, emails: [...merged.emails, 'd@x.io'], secondaryContactIds: [2, 3, 4] }
    const writer = await identify(app, { email: 'd@x.io', phoneNumber: '1' })
    expect(writer.statusCode).toBe(200)
    expect(writer.json()).toEqual(grown)
    const accepted = [...setup, merging, { email: 'd@x.io', phoneNumber: '1' }]
    expect(checkInvariants(await readContacts(app), accepted)).toEqual([])

    // The stalled request wakes up past half its lease: it refuses to write, retries, and
    // answers from the repaired state.
    resume()
    expect((await stalled).json()).toEqual(grown)
    expect(checkInvariants(await readContacts(app), accepted)).toEqual([])
    expect(await app.db.models.Lock.countDocuments({})).toBe(0)
    // The repair recorded the dead request's merge; the request itself, woken, did not again.
    expect(await checkEventLog(app)).toEqual([])
    const merges = await app.db.models.Event.find({ type: 'identities.merged' }).lean()
    expect(merges).toHaveLength(1)
  })
})

describe('an undo that fails half way through its split', () => {
  it('is finished and recorded before its locks go; reads and the log agree with the evidence', async () => {
    // Three identities merged into one by two requests: undoing the first leaves two parts.
    for (const body of [{ email: 'a@x.io', phoneNumber: '1' }, { email: 'b@x.io', phoneNumber: '2' }, { email: 'c@x.io', phoneNumber: '3' },
      { email: 'a@x.io', phoneNumber: '2' }, { email: 'b@x.io', phoneNumber: '3' }]) {
      expect((await identify(app, body)).statusCode).toBe(200)
    }
    const [first] = await app.db.models.Event.find({ type: 'identities.merged' }).sort({ _id: 1 }).lean()
    let splits = 0
    fault = (step, when) => { if (step === 'split' && when === 'after' && ++splits === 1) throw new Error('injected fault after the first write of a split') }
    const failed = await app.inject({ method: 'POST', url: '/admin/undo', headers: { authorization: 'Bearer test-admin-token-0123456789' }, payload: { eventId: first!._id } })
    fault = undefined
    expect(failed.statusCode).toBe(500)
    // The failed request finished its split and recorded it: {a, 1} apart from {b, 2}, {c, 3}.
    expect((await identify(app, { email: 'a@x.io' })).json()).toMatchObject({ primaryContactId: 1, secondaryContactIds: [] })
    expect((await identify(app, { email: 'c@x.io' })).json()).toMatchObject({ primaryContactId: 2, secondaryContactIds: [3] })
    expect((await app.db.models.Event.find({ type: 'identity.split' }).lean())).toHaveLength(1)
    expect(await checkEventLog(app)).toEqual([])
    expect(await app.db.models.Lock.countDocuments({})).toBe(0)
  })
})

describe('a write in flight when its lease runs out', () => {
  it('changes nothing that a later holder wrote (each write is fenced by the token of the last writer)', async () => {
    await seed() // 1 {a, 1}; 2 {b, 2}; 3 {c, 2} under 2
    let reached!: () => void
    const paused = new Promise<void>(resolve => { reached = resolve })
    let resume!: () => void
    let afterLateWrite: { linkedId?: number | null } | null = null
    fault = async (step, when) => {
      if (step !== 'relinked') return
      if (when === 'before') {
        // Past its lease check, its re-pointing of 3 under way: it stands still here.
        reached()
        await new Promise<void>(resolve => { resume = resolve })
      } else {
        fault = undefined
        afterLateWrite = await app.db.models.Contact.findById(3).lean()
      }
    }
    const stalled = identify(app, merging)
    await paused
    // Meanwhile a later holder of the lock (a higher token) wrote contact 3: put it under 2.
    await app.db.models.Contact.updateOne({ _id: 3 }, { $set: { linkedId: 2, fence: Date.now() + 3_600_000, unit: 'later-holder', change: 'relinked' } })

    // The stalled write (3 under 1) now reaches the database and matches nothing.
    resume()
    expect((await stalled).statusCode).toBe(200)
    expect(afterLateWrite).toMatchObject({ linkedId: 2, unit: 'later-holder' })
  })
})

describe('an erasure that stops half way', () => {
  const admin = { authorization: 'Bearer test-admin-token-0123456789' }
  const values = ['a@x.io', 'b@x.io', 'c@x.io', '"1"', '"2"']

  /** Every document of every collection that still holds one of the person's emails or phones. */
  async function traces (): Promise<string[]> {
    const db = app.db.connection.db!
    const found: string[] = []
    for (const { name } of await db.listCollections().toArray()) {
      for (const doc of await db.collection(name).find({}).toArray()) {
        const text = JSON.stringify(doc)
        if (values.some(value => text.includes(value))) found.push(`${name}: ${text}`)
      }
    }
    return found
  }

  async function erasedOnce (): Promise<void> {
    const rows = await readContacts(app)
    expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, erased: r.deletedAt instanceof Date }))).toEqual(
      [1, 2, 3].map(id => ({ id, email: null, phoneNumber: null, erased: true })))
    expect(await traces()).toEqual([])
    expect(await app.db.models.Event.countDocuments({ type: 'identity.erased' })).toBe(1)
    expect(await checkEventLog(app)).toEqual([])
    expect(await app.db.models.Lock.countDocuments({})).toBe(0)
    expect((await identify(app, { email: 'c@x.io' })).statusCode).toBe(422)
  }

  it('fails after emptying the secondaries and is finished before its locks go', async () => {
    await seed()
    expect((await identify(app, merging)).statusCode).toBe(200)
    fault = (step, when) => { if (step === 'erased' && when === 'after') { fault = undefined; throw new Error('injected fault after the secondaries were emptied') } }
    const failed = await app.inject({ method: 'POST', url: '/admin/erase', headers: admin, payload: { email: 'a@x.io' } })
    expect(failed.statusCode).toBe(500)
    await erasedOnce()
  })

  it('dies after emptying the secondaries and is finished by the request that takes its locks over', async () => {
    await seed()
    expect((await identify(app, merging)).statusCode).toBe(200)
    let reached!: () => void
    const paused = new Promise<void>(resolve => { reached = resolve })
    let resume!: () => void
    fault = async (step, when) => {
      if (step !== 'erased' || when !== 'after') return
      fault = undefined
      reached()
      await new Promise<void>(resolve => { resume = resolve })
    }
    const stalled = app.inject({ method: 'POST', url: '/admin/erase', headers: admin, payload: { contactId: 3 } })
    await paused
    // Half erased: the primary (emptied last) still holds the identity together for reads.
    expect((await readContacts(app)).filter(r => r.deletedAt != null).map(r => r._id)).toEqual([2, 3])
    // Suppressed first: a request naming the person is turned away at once, writing nothing of it.
    const turnedAway = await identify(app, { email: 'a@x.io', phoneNumber: '1' })
    expect(turnedAway.statusCode).toBe(422)
    // The operator tries again: that erasure waits for the lease, takes the locks over, finishes
    // the first one, and finds the identity gone.
    const again = await app.inject({ method: 'POST', url: '/admin/erase', headers: admin, payload: { contactId: 1 } })
    expect(again.json()).toMatchObject({ statusCode: 410, code: 'CONTACT_ERASED' })
    await erasedOnce()
    // The dead erasure, woken past half its lease, writes nothing more, and learns that its
    // repair finished it: its caller gets the erasure's answer.
    resume()
    const late = await stalled
    expect(late.statusCode).toBe(200)
    expect(late.json()).toMatchObject({ dryRun: false, contactIds: [1, 2, 3], suppressed: true, eventId: (await app.db.models.Event.findOne({ type: 'identity.erased' }).lean())!._id })
    await erasedOnce()
  })
})
