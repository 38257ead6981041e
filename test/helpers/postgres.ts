// A PostgreSQL server for the import tests: IMPORT_TEST_POSTGRES_URL (CI starts one), else a throwaway cluster started here, else none.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoFile } from './spawn-entry.js'

const run = promisify(execFile)

export type TestPostgres = { url: string, stop: () => Promise<void> } | { unavailable: string }

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/** The server to test against, or why there is none. */
export async function startTestPostgres (): Promise<TestPostgres> {
  const given = process.env.IMPORT_TEST_POSTGRES_URL
  if (given !== undefined && given !== '') return { url: given, stop: async () => {} }
  const dir = await mkdtemp(join(tmpdir(), 'import-pg-'))
  const script = repoFile('scripts/postgres.sh')
  try {
    const { stdout } = await run(script, ['start', String(await freePort()), dir])
    return {
      url: stdout.trim(),
      stop: async () => {
        await run(script, ['stop', dir]).catch(() => {})
        await rm(dir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    const stderr = (error as { stderr?: string }).stderr?.trim()
    return { unavailable: stderr === undefined || stderr === '' ? String(error) : stderr }
  }
}
