// A database server of the test's own, which it can stop and start again with the same data, or pause.
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
  /**
   * Freezes the server process (SIGSTOP): connections stay open and nothing answers, as with a
   * frozen VM, a long GC pause or a network black hole.
   */
  pause (): void
  /** Lets a paused server go on (SIGCONT). */
  resume (): void
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
  const signals = signaller(() => server?.pid)
  return {
    uri: server.uri,
    kind: 'ferretdb',
    stop: async () => { await server?.stop(); server = undefined },
    start: async () => { server = await startFerretDb(quiet, { dataDir, port }) },
    destroy: async () => {
      signals.release()
      await server?.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
    pause: signals.pause,
    resume: signals.resume
  }
}

async function memoryServer (): Promise<RestartableDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server')
  const server = await MongoMemoryServer.create()
  const signals = signaller(() => server.instanceInfo?.instance.mongodProcess?.pid)
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    stop: async () => { await server.stop({ doCleanup: false, force: false }) },
    // Same port, same data folder.
    start: async () => { await server.start(true) },
    destroy: async () => {
      signals.release()
      await server.stop({ doCleanup: true, force: true })
    },
    pause: signals.pause,
    resume: signals.resume
  }
}

/** SIGSTOP/SIGCONT for the server process; `release` resumes a paused one (it ignores SIGTERM until then). */
function signaller (pid: () => number | undefined) {
  let paused: number | undefined
  const send = (signal: 'SIGSTOP' | 'SIGCONT'): number => {
    const target = pid()
    if (target === undefined) throw new Error('the database server is not running')
    process.kill(target, signal)
    return target
  }
  return {
    pause: () => { paused = send('SIGSTOP') },
    resume: () => { send('SIGCONT'); paused = undefined },
    release: () => {
      if (paused !== undefined) process.kill(paused, 'SIGCONT')
      paused = undefined
    }
  }
}
