// Every query the store sends on a request's path is served by an index that db:migrate creates.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { App } from '../../src/app.js'
import { migrate } from '../../src/db/migrate.js'
import { buildTestApp, identify } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

/** One query as the driver sent it: its collection, command, filter and sort. */
interface SentQuery { collection: string, command: string, filter: Record<string, unknown>, sort: Record<string, unknown> }
type IndexKeys = Record<string, Record<string, unknown>>

// Collections read whole on purpose: the blocklist (every rule, every few seconds) is small.
const READ_WHOLE = new Set(['blocklist'])

let app: App
const sent: SentQuery[] = []

beforeAll(async () => {
  const uri = inject('mongodbUri')
  // The driver's command monitoring: every command the store sends, as sent.
  app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, IDENTITY_SIZE_LIMIT: '4', GENERIC_IDENTIFIER_LIMIT: '1', MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` } })
  app.db.connection.getClient().on('commandStarted', event => {
    const command = event.command as Record<string, unknown>
    const collection = command[event.commandName]
    // The driver sends a sort as a Map.
    const sortOf = (sort: unknown) => (sort instanceof Map ? Object.fromEntries(sort) : sort ?? {}) as Record<string, unknown>
    const pick = (filter: unknown, sort?: unknown) => sent.push({ collection: String(collection), command: event.commandName, filter: (filter ?? {}) as Record<string, unknown>, sort: sortOf(sort) })
    if (event.commandName === 'find') pick(command.filter, command.sort)
    if (event.commandName === 'count') pick(command.query)
    if (event.commandName === 'findAndModify') pick(command.query, command.sort)
    if (event.commandName === 'update') for (const u of command.updates as Array<{ q: unknown }>) pick(u.q)
    if (event.commandName === 'delete') for (const d of command.deletes as Array<{ q: unknown }>) pick(d.q)
    if (event.commandName === 'aggregate') pick((command.pipeline as Array<Record<string, unknown>>)[0]?.$match)
  })
  await runScenarios()
})
afterAll(async () => { await app.close() })

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  const response = await app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload }) })
  expect(response.statusCode, `${method} ${url}`).toBeLessThan(500)
  return response
}

/** The suite's scenarios in brief: identify and its dry run, holds, decisions, undo, evidence, the feed, the blocklist. */
async function runScenarios (): Promise<void> {
  for (const body of [{ email: 'a@x.io', phoneNumber: '1' }, { email: 'b@x.io', phoneNumber: '1' }, { email: 'c@x.io', phoneNumber: '3' }, { email: 'd@x.io', phoneNumber: '3' }, { email: 'a@x.io', phoneNumber: '3' }, { email: 'a@x.io' }]) {
    await identify(app, body)
  }
  await app.inject({ method: 'POST', url: '/identify?dryRun=true', payload: { email: 'e@x.io', phoneNumber: '3' } })
  // Holds: one opened, one gathered, approved (dry run first), another rejected.
  for (const email of ['h1@x.io', 'h2@x.io', 'h3@x.io', 'h4@x.io', 'h5@x.io']) await identify(app, { email, phoneNumber: '800' })
  await identify(app, { email: 'e@x.io', phoneNumber: '9' })
  await identify(app, { email: 'e@x.io', phoneNumber: '1' }) // held: the identity is full
  const { holds } = (await admin('GET', '/admin/holds?status=pending&limit=10')).json()
  await admin('GET', `/admin/holds?after=${holds[0].id}`)
  await admin('POST', `/admin/holds/${holds[0].id}/approve?dryRun=true`)
  await admin('POST', `/admin/holds/${holds[0].id}/approve`)
  await admin('POST', `/admin/holds/${holds[1].id}/reject`)
  // Evidence, history, explanation, the feed.
  await app.inject({ url: '/contacts/1/history' })
  await app.inject({ url: '/contacts/1/history?after=2&limit=2' })
  await app.inject({ url: '/contacts/1/explain?with=2' })
  await app.inject({ url: '/contacts/1/evidence' })
  await app.inject({ url: '/events?after=0&limit=5' })
  await app.inject({ url: '/events?after=0&types=identities.merged,identity.split' })
  await app.inject({ url: '/events?after=latest&wait=1' }) // the long poll's lookups of the next id
  await app.inject({ url: '/identities?email=a@x.io' })
  await app.inject({ url: '/contacts/2' })
  // The blocklist and undo.
  const { rule } = (await admin('POST', '/admin/blocklist', { field: 'phoneNumber', match: 'exact', value: '800' })).json()
  await admin('POST', '/admin/undo?dryRun=true', { phoneNumber: '800' })
  await admin('POST', '/admin/undo', { phoneNumber: '800' })
  const merge = (await app.db.models.Event.findOne({ type: 'identities.merged' }).lean())!
  await admin('POST', '/admin/undo', { eventId: merge._id })
  await admin('DELETE', `/admin/blocklist/${String(rule.id)}`)
}

/** The indexes db:migrate made, by collection: each index's keys in order. */
async function migratedIndexes (): Promise<IndexKeys[]> {
  const byCollection: IndexKeys[] = []
  await migrate(app.db.models) // idempotent: what a deploy runs
  for (const model of Object.values(app.db.models)) {
    for (const index of await model.collection.listIndexes().toArray()) byCollection.push({ [model.collection.collectionName]: index.key as Record<string, unknown> })
  }
  return byCollection
}

/** A filter's clauses (a top-level $or has several), each as the fields it fixes by equality and those it bounds. */
function clausesOf (filter: Record<string, unknown>): Array<{ equal: string[], bounded: string[] }> {
  const clauses = Array.isArray(filter.$or) ? filter.$or as Array<Record<string, unknown>> : [filter]
  return clauses.map(clause => {
    const fields = Object.entries(clause).filter(([key]) => !key.startsWith('$'))
    const isEquality = (value: unknown): boolean => value === null || typeof value !== 'object' || value instanceof Date ||
      Object.keys(value).every(op => op === '$eq' || op === '$in')
    return { equal: fields.filter(([, value]) => isEquality(value)).map(([key]) => key), bounded: fields.map(([key]) => key) }
  })
}

/**
 * The queries no index serves. An index serves a clause when its first field is one the clause
 * fixes by equality; with none, one it bounds; with no condition at all, the field it sorts by.
 * (The first field is what makes an index usable at all: a query that names its later fields only
 * would scan.)
 */
function unserved (queries: readonly SentQuery[], indexes: readonly IndexKeys[]): SentQuery[] {
  return queries.filter(query => {
    const leading = indexes.filter(index => index[query.collection] !== undefined).map(index => Object.keys(index[query.collection]!)[0]!)
    return !clausesOf(query.filter).every(({ equal, bounded }) => {
      if (equal.length > 0) return equal.some(field => leading.includes(field))
      if (bounded.length > 0) return bounded.some(field => leading.includes(field))
      const sort = Object.keys(query.sort)[0]
      return sort !== undefined && leading.includes(sort)
    })
  })
}

describe('the queries the store sends during the scenarios', () => {
  it('are many, of every collection', () => {
    expect(new Set(sent.map(q => q.collection))).toEqual(new Set(['contacts', 'events', 'pendingEvents', 'counters', 'locks', 'holds', 'blocklist', 'identifierClaims']))
    expect(sent.filter(q => q.collection === 'events').length).toBeGreaterThan(20)
  })

  it('are each served by an index that db:migrate creates', async () => {
    const indexes = await migratedIndexes()
    const missing = unserved(sent.filter(q => !READ_WHOLE.has(q.collection)), indexes)
    expect(missing.map(q => `${q.collection} ${q.command} ${JSON.stringify(q.filter)} sort ${JSON.stringify(q.sort)}`)).toEqual([])
  })

  it('would not be, were any index of the events or holds removed', async () => {
    const indexes = await migratedIndexes()
    const removable = indexes.filter(index => (index.events !== undefined || index.holds !== undefined) && Object.keys(Object.values(index)[0]!)[0] !== '_id')
    expect(removable.length).toBeGreaterThanOrEqual(5)
    for (const index of removable) {
      const without = indexes.filter(each => each !== index)
      expect(unserved(sent, without).length, `without ${JSON.stringify(index)}`).toBeGreaterThan(0)
    }
  })
})
