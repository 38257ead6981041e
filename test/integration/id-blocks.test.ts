// Contact ids in blocks: two instances creating at once get unique ids, and no request is retried for an id.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { IdBlocks } from '../../src/db/id-blocks.js'
import { storeRetries } from '../helpers/metrics.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

let first: App
let second: App
beforeAll(async () => {
  first = await buildTestApp()
  second = await buildTestApp({ env: { MONGODB_DB_NAME: first.config.MONGODB_DB_NAME } })
})
afterAll(async () => { await second.close(); await first.close() })
beforeEach(async () => { await resetDatabase(first, second) })

describe('two instances creating new customers at once', () => {
  it('give every contact its own id, with no retry for an id collision', async () => {
    const before = [await storeRetries(first, 'id_collision'), await storeRetries(second, 'id_collision')]
    const responses = await Promise.all(Array.from({ length: 120 }, async (_, i) =>
      await identify(i % 2 === 0 ? first : second, { email: `new${i}@x.io`, phoneNumber: String(100000 + i) })))
    expect(responses.map(r => r.statusCode)).toEqual(responses.map(() => 200))
    const ids = (await readContacts(first)).map(c => c._id)
    expect(ids).toHaveLength(120)
    expect(new Set(ids).size).toBe(120)
    expect(new Set(responses.map(r => r.json<{ primaryContactId: number }>().primaryContactId)).size).toBe(120)
    expect([await storeRetries(first, 'id_collision'), await storeRetries(second, 'id_collision')]).toEqual(before)
    // The counter document of the contract: the highest id reserved, at or above every id given.
    const counter = await first.db.models.Counter.findById('contacts').lean<{ value: number }>()
    expect(counter?.value).toBeGreaterThanOrEqual(Math.max(...ids))
  })

  it('continue after ids an import wrote and raised the counter past', async () => {
    expect((await identify(first, { email: 'before@x.io' })).json()).toMatchObject({ primaryContactId: 1 })
    // What the bulk import does: contacts with explicit ids, then `$max` on the counter.
    const at = new Date()
    await first.db.models.Contact.insertMany(Array.from({ length: 5 }, (_, i) => ({
      _id: 1001 + i, email: `imported${i}@x.io`, phoneNumber: null, linkedId: null, linkPrecedence: 'primary', createdAt: at, updatedAt: at, deletedAt: null
    })))
    await first.db.models.Counter.updateOne({ _id: 'contacts' }, { $max: { value: 1005 } })
    // The second instance has no block yet: its first one starts after the import.
    expect((await identify(second, { email: 'after@x.io' })).json<{ primaryContactId: number }>().primaryContactId).toBeGreaterThan(1005)
  })
})

describe('block reservations that race on a server whose $inc is not atomic (FerretDB v1)', () => {
  it('never hand out one id twice', async () => {
    const models = first.db.models
    let collisions = 0
    const options = { name: 'race-probe', blockSize: 3, readHighest: async () => 0, onCollision: () => { collisions++ } }
    const a = new IdBlocks(models, options)
    const b = new IdBlocks(models, options)
    const ids = await Promise.all(Array.from({ length: 90 }, async (_, i) => await (i % 2 === 0 ? a : b).take()))
    expect(new Set(ids).size).toBe(90)
    // Whether FerretDB lost an update this time varies; say so, without asserting it.
    console.info(`[tests] id block reservations made again after a lost $inc: ${collisions}`)
  })
})
