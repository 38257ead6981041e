// The event sequencer driven pass by pass: one leader under the lease, takeover, no second number, numbers after another writer's, stagedAt order.
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { EventLog } from '../../src/db/event-log.js'
import { EventSequencer } from '../../src/db/event-sequencer.js'
import { PendingEvents, type UnnumberedEvent } from '../../src/db/pending-events.js'
import { mongoIdentityStore } from '../../src/identity-plugin.js'
import { buildTestApp } from '../helpers/test-app.js'

let app: App
// The sequencers a test made: stopped after it, so that none keeps the lease into the next test.
let made: EventSequencer[] = []
beforeAll(async () => {
  // The app's own sequencer stays off: the ones a test builds are the only ones on its database.
  app = await buildTestApp({ identityStore: (db, config, hooks) => Object.assign(mongoIdentityStore(db, config, hooks), { start: () => {} }) })
})
afterAll(async () => {
  for (const sequencer of made) await sequencer.stop()
  await app.close()
})
beforeEach(async () => {
  for (const sequencer of made) await sequencer.stop()
  made = []
  const { Event, PendingEvent, Lease, Counter } = app.db.models
  await Promise.all([Event.deleteMany({}), PendingEvent.deleteMany({}), Lease.deleteMany({}), Counter.deleteMany({})])
})

/**
 * A sequencer on the app's database, as another instance would run one. The lease is long enough
 * that a pass on a busy runner stays inside its first half (the sequencer stops numbering past it).
 */
function sequencer (leaseMs = 60_000): EventSequencer {
  const { models } = app.db
  const each = new EventSequencer(models, new PendingEvents(models), new EventLog(models), { leaseMs, idleMs: 20, pollMs: 20, waitMs: 20_000 })
  made.push(each)
  return each
}

/** Stages the event of change `unit`, as written `stagedAt` (now by default). */
async function stage (unit: string, stagedAt = new Date()): Promise<void> {
  const event: UnnumberedEvent = { type: 'contact.created', requestId: `request-${unit}`, actor: null, contactIds: [1], cause: null, data: { contactId: 1 }, unit }
  await app.db.models.PendingEvent.insertMany([{ _id: unit, stagedAt, event }])
}

/** The log as [number, unit] pairs, in number order. */
async function log (): Promise<Array<[number, string]>> {
  const rows = await app.db.models.Event.find({}, { unit: 1 }).sort({ _id: 1 }).lean()
  return rows.map(row => [row._id, row.unit])
}

async function pendingUnits (): Promise<string[]> {
  return (await app.db.models.PendingEvent.find({}, { _id: 1 }).sort({ _id: 1 }).lean()).map(row => row._id)
}

describe('the event sequencer', () => {
  it('numbers on one instance at a time: the other\'s pass numbers nothing while the lease is held', async () => {
    const a = sequencer()
    const b = sequencer()
    await stage('u1')
    await stage('u2')
    expect(await a.step()).toBe(2)
    await stage('u3')
    expect(await b.step()).toBe(0)
    expect(await pendingUnits()).toEqual(['u3'])
    expect(await a.step()).toBe(1)
    expect(await log()).toEqual([[1, 'u1'], [2, 'u2'], [3, 'u3']])
    expect(await pendingUnits()).toEqual([])
  })

  it('is taken over by another instance once the leader\'s lease ran out, which numbers after the highest', async () => {
    const leaseMs = 4000
    const a = sequencer(leaseMs)
    const b = sequencer(leaseMs)
    await stage('u1')
    await stage('u2')
    expect(await a.step()).toBe(2)
    const numberedAt = Date.now()
    // The leader stops renewing (a frozen or dead process): while its lease lasts, no one else numbers.
    await stage('u3')
    await stage('u4')
    expect(await b.step()).toBe(0)
    await sleep(Math.max(0, numberedAt + leaseMs - Date.now()) + 100)
    // The first pass after the expiry removes the stale lease; a later one takes it and numbers.
    let numbered = 0
    for (let pass = 0; pass < 5 && numbered === 0; pass++) numbered = await b.step()
    expect(numbered).toBe(2)
    expect(await log()).toEqual([[1, 'u1'], [2, 'u2'], [3, 'u3'], [4, 'u4']])
    // The old leader, back, numbers nothing: the lease is the new one's.
    await stage('u5')
    expect(await a.step()).toBe(0)
    expect(await pendingUnits()).toEqual(['u5'])
  })

  it('clears an event that is in the log already (its sequencer died before clearing it) without a second number', async () => {
    const a = sequencer()
    await stage('u1')
    await stage('u2')
    expect(await a.step()).toBe(2)
    // As if `a` had died between its insert and its clear: u2 is numbered and still pending.
    await stage('u2', new Date(Date.now() - 60_000))
    await stage('u3')
    await a.stop()
    const b = sequencer()
    expect(await b.step()).toBe(2)
    expect(await log()).toEqual([[1, 'u1'], [2, 'u2'], [3, 'u3']])
    expect(await pendingUnits()).toEqual([])
  })

  it('numbers after a number another writer took (as an import does), losing none', async () => {
    const a = sequencer()
    await stage('u1')
    expect(await a.step()).toBe(1)
    // `a` knows 1 is the highest; another writer takes 2 behind its back.
    await app.db.models.Event.collection.insertOne({ _id: 2 as never, at: new Date(), type: 'contact.created', requestId: null, actor: 'import', contactIds: [2], cause: null, data: { contactId: 2 }, unit: 'import-2' })
    await stage('u2')
    await stage('u3')
    await stage('u4')
    expect(await a.step()).toBe(3)
    expect(await log()).toEqual([[1, 'u1'], [2, 'import-2'], [3, 'u2'], [4, 'u3'], [5, 'u4']])
    expect(await pendingUnits()).toEqual([])
  })

  it('gives numbers in the order the events were staged, with times that never go back', async () => {
    const a = sequencer()
    const at = Date.now()
    // Written in another order than staged, and than their units sort.
    await stage('c', new Date(at + 20))
    await stage('a', new Date(at + 30))
    await stage('d', new Date(at))
    await stage('b', new Date(at + 10))
    expect(await a.step()).toBe(4)
    expect((await log()).map(([, unit]) => unit)).toEqual(['d', 'b', 'c', 'a'])
    const times = (await app.db.models.Event.find({}).sort({ _id: 1 }).lean()).map(row => row.at.getTime())
    expect(times).toEqual([...times].sort((x, y) => x - y))
    expect(times[0]).toBeGreaterThanOrEqual(at)
  })

  it('lets a waiter on one instance see its event numbered by the other instance\'s sequencer', async () => {
    const leader = sequencer()
    const other = sequencer()
    // The leader takes the lease first, so that the other's loop cannot number the event itself.
    expect(await leader.step()).toBe(0)
    other.start()
    await stage('u1')
    await stage('u2')
    const waiting = [other.numbered('u1'), other.numbered('u2')]
    await sleep(100)
    expect(await pendingUnits()).toEqual(['u1', 'u2'])
    expect(await leader.step()).toBe(2)
    const events = await Promise.all(waiting)
    expect(events).toMatchObject([{ id: 1, type: 'contact.created', requestId: 'request-u1' }, { id: 2, requestId: 'request-u2' }])
  })
})
