// A throwaway database for development and tests when no MONGODB_URI is set: never persistent.
import { startFerretDb, type EmbeddedDatabase, type Log } from './ferretdb.js'

export { startFerretDb, type EmbeddedDatabase, type FerretDbOptions } from './ferretdb.js'

/** No embedded database could start: the message says why and what to do, without a stack. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError'
}

/** mongodb-memory-server (a replica set: transactions) where a mongod can be had, else FerretDB. */
export async function startEmbeddedDatabase (log: Log): Promise<EmbeddedDatabase> {
  let db: EmbeddedDatabase
  try {
    db = await startMemoryServer()
  } catch (memoryErr) {
    const why = memoryServerProblem(memoryErr)
    log.warn({}, `embedded database: mongodb-memory-server cannot run here (${why}); using FerretDB instead, which has no transactions`)
    try {
      db = await startFerretDb(log)
    } catch (ferretErr) {
      throw new EmbeddedDatabaseError(`no embedded database could start. mongodb-memory-server: ${why}. FerretDB: ${messageOf(ferretErr)}. Or set MONGODB_URI to a MongoDB server.`)
    }
  }
  log.warn({ kind: db.kind, uri: db.uri }, `using an embedded ${db.kind} database: NOT persistent, all data is lost when the process stops (set MONGODB_URI to keep it)`)
  return db
}

async function startMemoryServer (): Promise<EmbeddedDatabase> {
  let mms: typeof import('mongodb-memory-server')
  try {
    // Lazy: it is a devDependency, absent from production images.
    mms = await import('mongodb-memory-server')
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err
    throw new Error('it is not installed (a devDependency; production sets MONGODB_URI)')
  }
  // It prints every failed start with console.warn and a stack (twice: server, then replica set);
  // the error reaches us anyway and is logged in one line, so its console output is held back.
  const warn = console.warn
  console.warn = () => {}
  try {
    // A one-node replica set rather than a standalone server, so that transactions are available.
    const replSet = await mms.MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } })
    return { uri: replSet.getUri(), kind: 'mongodb-memory-server', stop: async () => { await replSet.stop() } }
  } finally {
    console.warn = warn
  }
}

// Its errors span many lines (URLs, details, stacks): one short clause is enough for a log line.
function memoryServerProblem (err: unknown): string {
  const text = messageOf(err).replace(/\s+/g, ' ').trim()
  const download = /Download failed for url "([^"]+)", Details: (.*)$/.exec(text)
  if (download !== null) return `no mongod can be downloaded from ${new URL(download[1] ?? '').host} (${download[2]})`
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

function messageOf (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
