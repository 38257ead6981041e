// A database server of the test's own, which it can stop and start again with the same data.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { startFerretDb, type EmbeddedDatabase } from '../../src/db/embedded-database.js'

export interface RestartableDatabase {
  uri: string
  kind: string
  stop (): Promise<void>
  start (): Promise<void>
  destroy (): Promise<void>
}

const quiet = { info: () => {}, warn: () => {} }

/** mongodb-memory-server where the suite could use it, else FerretDB (this machine). */
export async function startRestartableDatabase (): Promise<RestartableDatabase> {
  if (inject('databaseKind') === 'mongodb-memory-server') return await memoryServer()
  try {
    return await ferretDb()
  } catch {
    return await memoryServer()
  }
}

async function ferretDb (): Promise<RestartableDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'identity-outage-'))
  let server: EmbeddedDatabase | undefined = await startFerretDb(quiet, { dataDir })
  const port = Number(new URL(server.uri).port)
  return {
    uri: server.uri,
    kind: 'ferretdb',
    stop: async () => { await server?.stop(); server = undefined },
    start: async () => { server = await startFerretDb(quiet, { dataDir, port }) },
    destroy: async () => { await server?.stop(); await rm(dataDir, { recursive: true, force: true }) }
  }
}

async function memoryServer (): Promise<RestartableDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server')
  const server = await MongoMemoryServer.create()
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    stop: async () => { await server.stop({ doCleanup: false, force: false }) },
    // Same port, same data folder.
    start: async () => { await server.start(true) },
    destroy: async () => { await server.stop({ doCleanup: true, force: true }) }
  }
}
