// An import killed half way (a crash, then Ctrl-C) and run again finishes the job without doubling anything.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { App } from '../../src/app.js'
import type { ImportJob } from '../../src/import/import-writer.js'
import { runImport } from '../../src/import/run-import.js'
import { generateTable, toCsv } from '../../bench/import-rows.js'
import { readEvents } from '../helpers/event-log.js'
import { expectedContacts } from '../helpers/import-reference.js'
import { checkInvariants } from '../helpers/invariants.js'
import { cleanEnv, repoFile } from '../helpers/spawn-entry.js'
import { buildTestApp, readContacts } from '../helpers/test-app.js'

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const database = `test_resume_${randomUUID().replaceAll('-', '').slice(0, 12)}`
const table = generateTable(10_000, { seed: 11 })

let dir: string
let app: App
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'import-resume-'))
  await writeFile(join(dir, 'contacts.csv'), toCsv(table.rows))
  app = await buildTestApp({ env: { MONGODB_DB_NAME: database } })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** `npm run import -- contacts.csv` as its own process. */
function startImport () {
  const child = spawn(process.execPath, ['--import', tsxLoader, repoFile('src/import/import-cli.ts'), join(dir, 'contacts.csv'), '--report', join(dir, 'report.json')], {
    env: cleanEnv({ MONGODB_URI: inject('mongodbUri'), MONGODB_DB_NAME: database, LOG_LEVEL: 'silent', MONGODB_TIMEOUT_MS: '15000' }),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>(resolve => child.once('close', code => resolve(code)))
  return { child, exited, output: () => output }
}

const job = async (): Promise<ImportJob | null> => await app.db.connection.collection<ImportJob>('imports').findOne({})

/** Waits until the job has written past `written` documents (contacts, then events). */
async function waitForProgress (written: number, run: ReturnType<typeof startImport>): Promise<ImportJob> {
  for (;;) {
    const current = await job()
    if (current !== null && current.contactsWritten + current.eventsWritten > written) return current
    if (run.child.exitCode !== null) throw new Error(`the import ended before it was stopped:\n${run.output()}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

it('finishes after a kill and a Ctrl-C half way, with every contact and event once', { timeout: 240_000 }, async () => {
  const crashed = startImport()
  const atCrash = await waitForProgress(2000, crashed)
  crashed.child.kill('SIGKILL')
  await crashed.exited
  expect(atCrash.finishedAt).toBeNull()
  // Other settings make another plan, so another job: refused, naming the one to finish.
  await expect(runImport([join(dir, 'contacts.csv'), '--report', join(dir, 'other.json')],
    { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_NAME: database, LOG_LEVEL: 'silent', GENERIC_IDENTIFIER_LIMIT: '3' }, () => {}))
    .rejects.toThrow(/an unfinished import \(job .*\) wrote contacts here: run it again with the same rows and settings/)

  const interrupted = startImport()
  const atInterrupt = await waitForProgress(atCrash.contactsWritten + atCrash.eventsWritten + 3000, interrupted)
  interrupted.child.kill('SIGINT')
  expect(await interrupted.exited).toBe(130)
  expect(interrupted.output()).toMatch(/interrupted: run the same command again/)
  expect(atInterrupt.finishedAt).toBeNull()
  const half = await readContacts(app)
  expect(half.length).toBeLessThan(expectedContacts(table).contacts.length)

  const finished = startImport()
  expect(await finished.exited, finished.output()).toBe(0)
  expect((await job())?.finishedAt).toBeInstanceOf(Date)

  const expected = expectedContacts(table)
  const rows = await readContacts(app)
  expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId }))).toEqual(expected.contacts)
  expect(checkInvariants(rows, expected.accepted)).toEqual([])
  const events = await readEvents(app)
  const created = events.filter(e => e.type === 'contact.created').map(e => (e.data as { contactId: number }).contactId).sort((a, b) => a - b)
  expect(created).toEqual(rows.map(r => r._id))
  expect(events.map(e => e._id)).toEqual(events.map((_, i) => i + 1))
})
