// Import from a PostgreSQL table (both spellings of the seed's columns), read in batches; skips where no PostgreSQL can be started.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { runImport } from '../../src/import/run-import.js'
import { generateTable, type GeneratedRow } from '../../bench/import-rows.js'
import { expectedContacts } from '../helpers/import-reference.js'
import { checkInvariants } from '../helpers/invariants.js'
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js'
import { buildTestApp, readContacts } from '../helpers/test-app.js'

// More rows than one batch of the reader (5000), so that paging by id is exercised.
const table = generateTable(12_000, { seed: 5 })
const database = `test_pg_${randomUUID().replaceAll('-', '').slice(0, 12)}`
const env = { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_NAME: database, LOG_LEVEL: 'silent', MONGODB_TIMEOUT_MS: '15000' }
const quiet = (): void => {}

let server: TestPostgres
let dir: string
beforeAll(async () => {
  server = await startTestPostgres()
  dir = await mkdtemp(join(tmpdir(), 'import-pg-report-'))
  if (!('url' in server)) return
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    // The seed's SQL schema in snake_case, and in quoted camelCase under another schema.
    await client.query('DROP SCHEMA IF EXISTS import_test CASCADE; CREATE SCHEMA import_test')
    await client.query(`CREATE TABLE import_test.contact (id integer PRIMARY KEY, phone_number varchar(255), email varchar(255), linked_id integer,
      link_precedence varchar(10), created_at timestamptz, updated_at timestamptz, deleted_at timestamptz)`)
    await client.query(`CREATE TABLE import_test."Contact" (id bigint PRIMARY KEY, "phoneNumber" text, email text, "linkedId" bigint,
      "linkPrecedence" text, "createdAt" timestamp with time zone, "updatedAt" timestamptz, "deletedAt" timestamptz)`)
    for (const name of ['import_test.contact', 'import_test."Contact"']) {
      for (let i = 0; i < table.rows.length; i += 1000) await insert(client, name, table.rows.slice(i, i + 1000))
    }
  } finally {
    await client.end()
  }
}, 120_000)
afterAll(async () => {
  if (server !== undefined && 'stop' in server) await server.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

async function insert (client: pg.Client, name: string, rows: GeneratedRow[]): Promise<void> {
  const values = rows.flatMap(r => [r.id, r.phoneNumber, r.email, r.linkedId, r.linkPrecedence, r.createdAt, r.updatedAt, r.deletedAt])
  const placeholders = rows.map((_, i) => `(${Array.from({ length: 8 }, (_, j) => `$${i * 8 + j + 1}`).join(', ')})`).join(', ')
  await client.query(`INSERT INTO ${name} VALUES ${placeholders}`, values)
}

it('imports a snake_case table and reads the camelCase one as the same rows', { timeout: 180_000 }, async (context) => {
  if (!('url' in server)) {
    console.warn(`[import-postgres] skipped: no PostgreSQL could be started here (${server.unavailable.split('\n')[0]}); CI sets IMPORT_TEST_POSTGRES_URL`)
    context.skip()
    return
  }
  const snake = await runImport([server.url, '--table', 'import_test.contact', '--report', join(dir, 'snake.json')], env, quiet)
  const camel = await runImport([server.url, '--table', 'import_test.Contact', '--dry-run', '--report', join(dir, 'camel.json')], env, quiet)
  expect(snake.report.rows).toMatchObject({ read: table.rows.length, rejected: table.invalidIds.size })
  expect(camel.report.jobId).toBe(snake.report.jobId)
  expect(camel.report.source).not.toMatch(/password/)

  const app = await buildTestApp({ env: { MONGODB_DB_NAME: database } })
  try {
    const expected = expectedContacts(table)
    const rows = await readContacts(app)
    expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId }))).toEqual(expected.contacts)
    expect(checkInvariants(rows, expected.accepted)).toEqual([])
  } finally {
    await app.close()
  }
})

it('refuses a table that does not exist, naming it', async (context) => {
  if (!('url' in server)) { context.skip(); return }
  await expect(runImport([server.url, '--table', 'import_test.nothing', '--dry-run', '--report', join(dir, 'none.json')], env, quiet)).rejects.toThrow(/nothing/)
})
