// Bulk import into FerretDB: the state the rules make, the evidence log, a rerun that writes nothing, then the service on top.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { App } from '../../src/app.js'
import { ImportRefused } from '../../src/import/import-writer.js'
import { runImport } from '../../src/import/run-import.js'
import { generateTable, toCsv, toNdjson, type GeneratedRow } from '../../bench/import-rows.js'
import { checkChain, checkEventLog, readEvents } from '../helpers/event-log.js'
import { expectedContacts } from '../helpers/import-reference.js'
import { checkInvariants } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const database = `test_import_${randomUUID().replaceAll('-', '').slice(0, 12)}`
const env = { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_NAME: database, LOG_LEVEL: 'silent', MONGODB_TIMEOUT_MS: '15000' }
const quiet = (): void => {}

// Generated rows, plus a join the import must record: 900001 and 900002 share nothing; 900003
// names the email of one and the phone of the other, as a request that joined them would.
const table = generateTable(1500, { seed: 7 })
const at = (minute: number): string => new Date(Date.UTC(2020, 0, 1, 0, minute)).toISOString()
const extra = (id: number, email: string, phoneNumber: string, minute: number): GeneratedRow =>
  ({ id, email, phoneNumber, linkedId: null, linkPrecedence: 'primary', createdAt: at(minute), updatedAt: at(minute), deletedAt: null })
table.rows.push(extra(900001, 'george@hillvalley.edu', '919191', 1), extra(900002, 'biff@hillvalley.edu', '717171', 2), extra(900003, 'george@hillvalley.edu', '717171', 3))

let dir: string
let app: App
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'import-'))
  await writeFile(join(dir, 'contacts.csv'), toCsv(table.rows))
  await runImport([join(dir, 'contacts.csv'), '--report', join(dir, 'report.json')], env, quiet)
  app = await buildTestApp({ env: { MONGODB_DB_NAME: database, ADMIN_TOKEN: TOKEN } })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('import of generated rows', () => {
  it('makes what the reference model makes from the rows in createdAt order, under the rows\' ids, and keeps the invariants', async () => {
    const expected = expectedContacts(table)
    const rows = await readContacts(app)
    expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId }))).toEqual(expected.contacts)
    expect(checkInvariants(rows, expected.accepted)).toEqual([])
  })

  it('records a creation per contact and the joins, so the evidence explains every identity', async () => {
    expect(await checkEventLog(app)).toEqual([])
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))
    const events = await readEvents(app)
    expect(events.length).toBe(report.rows.created + report.rows.joined + report.rows.held)
    expect(events.every(e => e.requestId === `import:${report.jobId}` && e.actor === 'import')).toBe(true)
    const counters = await app.db.connection.collection('counters').find({}).sort({ _id: 1 }).toArray()
    expect(counters).toEqual([
      { _id: 'contacts', value: Math.max(...(await readContacts(app)).map(r => r._id)) },
      { _id: 'events', value: events.at(-1)!._id }
    ])
  })

  it('publishes the imported events in the feed, each as its type\'s schema says', async () => {
    const events = await readEvents(app)
    const seen: number[] = []
    for (let after = 0; ;) {
      const page = await app.inject({ method: 'GET', url: `/events?after=${after}&limit=1000` })
      expect(page.statusCode).toBe(200)
      const { events: batch, next } = page.json() as { events: Array<{ id: number }>, next: number }
      if (batch.length === 0) break
      seen.push(...batch.map(e => e.id))
      after = next
    }
    expect(seen).toEqual(events.map(e => e._id))
  })

  it('reports the rejected rows and imports none of them', async () => {
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))
    expect(report.rows.rejected).toBe(table.invalidIds.size)
    expect(new Set(report.rejected.rows.map((r: { id: string }) => Number(r.id)))).toEqual(table.invalidIds)
    const ids = new Set((await readContacts(app)).map(r => r._id))
    expect([...table.invalidIds].filter(id => ids.has(id))).toEqual([])
  })

  it('writes nothing when the same command runs again', async () => {
    const before = { contacts: await readContacts(app), events: await readEvents(app) }
    const lines: string[] = []
    await runImport([join(dir, 'contacts.csv'), '--report', join(dir, 'again.json')], env, line => lines.push(line))
    expect(lines.at(-1)).toMatch(/finished at .*: nothing left to write/)
    expect({ contacts: await readContacts(app), events: await readEvents(app) }).toEqual(before)
  })

  it('refuses other rows into a database that has contacts, without --into-existing', async () => {
    await writeFile(join(dir, 'other.ndjson'), toNdjson([extra(1, 'someone@else.org', '5550100', 10)]))
    await expect(runImport([join(dir, 'other.ndjson'), '--report', join(dir, 'other.json')], env, quiet)).rejects.toThrow(ImportRefused)
    const lines: string[] = []
    await runImport([join(dir, 'other.ndjson'), '--dry-run', '--report', join(dir, 'other.json')], env, line => lines.push(line))
    expect(lines.at(-1)).toMatch(/^note: the database has contacts already/)
  })

  it('finishes a job only the way it started (written by the import, or through the service)', async () => {
    await expect(runImport([join(dir, 'contacts.csv'), '--into-existing', '--report', join(dir, 'again.json')], env, quiet))
      .rejects.toThrow(/was started without --into-existing/)
  })
})

describe('the service on imported identities', () => {
  it('gives a new contact an id after the highest imported one, and its event an id after the imported events', async () => {
    const highest = Math.max(...(await readContacts(app)).map(r => r._id))
    const lastEvent = (await readEvents(app)).at(-1)!._id
    const response = await identify(app, { email: 'newcomer@example.org', phoneNumber: '5550123' })
    expect(response.statusCode).toBe(200)
    expect(response.json().primaryContactId).toBeGreaterThan(highest)
    expect((await readEvents(app)).at(-1)!._id).toBeGreaterThan(lastEvent)
  })

  it('explains an imported identity by the imported join, and undoes that join', async () => {
    const explained = await app.inject({ method: 'GET', url: '/contacts/900001/explain?with=900002' })
    expect(explained.statusCode).toBe(200)
    const steps = explained.json().steps
    expect(steps).toEqual([{ from: 900001, to: 900002, via: expect.objectContaining({ kind: 'request', email: 'george@hillvalley.edu', phoneNumber: '717171' }) }])
    expect(checkChain(await readContacts(app), await readEvents(app), 900001, 900002, steps)).toEqual([])

    const undone = await app.inject({
      method: 'POST', url: '/admin/undo', headers: { authorization: `Bearer ${TOKEN}` }, payload: { eventId: steps[0].via.eventId }
    })
    expect(undone.json()).toMatchObject({ split: true, after: [{ primaryContactId: 900001 }, { primaryContactId: 900002 }] })
    expect((await app.inject({ method: 'GET', url: '/contacts/900002' })).json()).toMatchObject({ primaryContactId: 900002, secondaryContactIds: [] })
    expect(await checkEventLog(app)).toEqual([])
  })

  it('with --into-existing, sends rows through the rules: a known email joins its identity, the rest is new', async () => {
    const known = table.rows.find(r => r.email !== null && !table.invalidIds.has(Number(r.id)))!
    const owner = (await readContacts(app)).find(r => r.email === known.email)!
    await writeFile(join(dir, 'more.ndjson'), toNdjson([extra(5, known.email!, '5550999', 20), extra(6, 'fresh@example.org', '5550998', 21)]))
    await runImport([join(dir, 'more.ndjson'), '--into-existing', '--report', join(dir, 'more.json')], env, quiet)
    const joined = await identify(app, { email: known.email })
    expect(joined.json()).toMatchObject({ primaryContactId: owner.linkedId ?? owner._id, phoneNumbers: expect.arrayContaining(['5550999']) })
    const fresh = (await identify(app, { email: 'fresh@example.org' })).json()
    expect(fresh.phoneNumbers).toEqual(['5550998'])
    expect(fresh.primaryContactId).not.toBe(6)
  })
})

describe('held merges of an import', () => {
  it('are held for operators, who can approve them as any held merge', async () => {
    const heldDatabase = `${database}_held`
    const limits = { GENERIC_IDENTIFIER_LIMIT: '2' }
    // Five rows with one phone: the fifth joins through a phone already on three contacts beyond the first.
    const hub = [1, 2, 3, 4, 5].map(i => extra(i, `caller${i}@example.org`, '5551000', i))
    await writeFile(join(dir, 'hub.ndjson'), toNdjson(hub))
    const { report } = await runImport([join(dir, 'hub.ndjson'), '--report', join(dir, 'hub.json')], { ...env, ...limits, MONGODB_DB_NAME: heldDatabase }, quiet)
    expect(report.guardrails.hubs).toEqual([{ field: 'phoneNumber', value: '5551000', heldRows: 1 }])
    const held = await buildTestApp({ env: { ...limits, MONGODB_DB_NAME: heldDatabase, ADMIN_TOKEN: TOKEN } })
    try {
      const headers = { authorization: `Bearer ${TOKEN}` }
      const holds = (await held.inject({ method: 'GET', url: '/admin/holds', headers })).json()
      expect(holds).toMatchObject({ holds: [{ status: 'pending', reason: 'generic-identifier', join: { email: 'caller5@example.org', phoneNumber: '5551000' }, primaryIds: [1] }] })
      const approved = await held.inject({ method: 'POST', url: `/admin/holds/${holds.holds[0].id as number}/approve`, headers })
      expect(approved.json()).toMatchObject({ identity: { primaryContactId: 1, emails: hub.map(r => r.email), secondaryContactIds: [2, 3, 4, 5] } })
      expect(await checkEventLog(held)).toEqual([])
    } finally {
      await held.close()
    }
  })
})
