// Leftovers of dead requests and lagging counters do not block anyone for good.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { lockPathOnly } from '../helpers/deployment-mode.js'
import { buildTestApp, identify, readContacts, resetDatabase, settle } from '../helpers/test-app.js'

let app: App
// The leftovers below carry their own expiry, long past; the live requests get the default
// lease, which a busy machine cannot outrun (a short one makes them give up their own locks).
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

const past = new Date(Date.now() - 60_000)

describe('a request that died while taking over an expired lock', () => {
  it('leaves a marker that expires in turn', async (context) => {
    lockPathOnly(context, app, 'a lock document left by a dead request')
    await app.db.models.Lock.insertMany([
      { _id: 'email:stuck@x.io', owner: 'dead-holder', expiresAt: past },
      { _id: 'email:stuck@x.io#expired#dead-holder', owner: 'dead-taker', expiresAt: past }
    ])
    const response = await identify(app, { email: 'stuck@x.io' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ primaryContactId: 1, emails: ['stuck@x.io'], phoneNumbers: [], secondaryContactIds: [] })
    await settle(app)
    expect(await app.db.models.Lock.countDocuments({})).toBe(0)
  })
})

describe('contacts imported behind the service\'s back', () => {
  it('does not stop new contacts: ids go on after the highest one', async () => {
    const at = new Date()
    await app.db.models.Contact.insertMany(Array.from({ length: 30 }, (_, i) => ({
      _id: i + 1, email: `imported${i + 1}@x.io`, phoneNumber: null, linkedId: null, linkPrecedence: 'primary', createdAt: at, updatedAt: at, deletedAt: null
    })))
    const response = await identify(app, { email: 'new@x.io' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ primaryContactId: 31 })
    const created = (await readContacts(app)).at(-1)
    expect(created?.createdAt.getTime()).toBeGreaterThanOrEqual(at.getTime())
  })
})

describe('a change that answered and died before its event was written', () => {
  it('gets its event from the sweep of expired locks, though no request ever touches it again', async (context) => {
    // A lease short enough to sweep within the test; no live request runs on this app.
    const swept = await buildTestApp({ env: { LOCK_LEASE_MS: '500' } })
    try {
      lockPathOnly(context, swept, 'lock documents left by a dead change')
      const at = new Date()
      // What a creation leaves when its process dies after the answer: the contact, stamped
      // with its unit, and its locks; no event anywhere.
      await swept.db.models.Contact.insertMany([{
        _id: 41, email: 'gone@x.io', phoneNumber: null, linkedId: null, linkPrecedence: 'primary', createdAt: at, updatedAt: at, deletedAt: null,
        fence: at.getTime(), unit: 'died-after-answer', change: 'created'
      }])
      await swept.db.models.Lock.insertMany([{ _id: 'email:gone@x.io', owner: 'died-after-answer', expiresAt: past }])
      const deadline = Date.now() + 20_000
      let events: unknown[] = []
      while (Date.now() < deadline && events.length === 0) {
        await new Promise(resolve => setTimeout(resolve, 100))
        events = await swept.db.models.Event.find({ unit: 'died-after-answer' }).lean()
      }
      expect(events).toMatchObject([{ type: 'contact.created', contactIds: [41], data: { contactId: 41, email: 'gone@x.io' } }])
      expect(await swept.db.models.Lock.countDocuments({})).toBe(0)
    } finally {
      await swept.close()
    }
  })
})
