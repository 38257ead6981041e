// Connects Mongoose (to MONGODB_URI, or an embedded server for development) and finds out
// whether the server runs transactions: one mode per deployment, never a silent fallback.
import fp from 'fastify-plugin'
import mongoose, { type Connection } from 'mongoose'
import { migrate } from './migrate.js'
import { registerModels, type Models } from './models.js'

export interface Database {
  connection: Connection
  models: Models
  /** True on a replica set or sharded cluster: merges run in one multi-document transaction. */
  transactions: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

export const databasePlugin = fp(async (app) => {
  const { config } = app
  const uri = config.MONGODB_URI
  // server.ts starts an embedded database before the app, outside Fastify's plugin timeout.
  if (uri === undefined) throw new Error('MONGODB_URI is not set')
  const connection = mongoose.createConnection(uri, {
    dbName: config.MONGODB_DB_NAME,
    ...operationTimeouts(config.MONGODB_TIMEOUT_MS),
    maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
    // Without buffering, an operation during an outage fails fast instead of queueing.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false
  })
  await connection.asPromise()
  app.addHook('onClose', async () => await connection.close())

  const models = registerModels(connection)
  if (config.MIGRATE_ON_START) await migrate(models)
  const hello = await connection.getClient().db().admin().command({ hello: 1 })
  const transactions = await transactionsMode(hello, async () => { await probeTransaction(connection, models) })
  app.log.info({ database: config.MONGODB_DB_NAME, transactions },
    transactions
      ? 'database runs transactions: each request is one multi-document transaction'
      : 'database has no transactions (standalone or MongoDB-compatible server): requests run under lock documents without a session')
  app.decorate('db', { connection, models, transactions })
}, { name: 'database', dependencies: ['config'] })

/**
 * The driver's deadlines for one operation, from MONGODB_TIMEOUT_MS. The driver bundled with
 * Mongoose (7.8) ignores `timeoutMS` (client-side operation timeouts are a no-op there, see
 * its `resolveTimeoutOptions`), so each stage gets its own bound:
 * - a server known to be gone: server selection fails after the whole budget;
 * - a server that stopped answering (paused, black-holed): the socket of a command in flight
 *   times out, a new connection's handshake times out, and a request that waits for a pool
 *   connection (all of them stuck on that server) gives up. Each gets half the budget because
 *   the driver retries a read or a write once after a network error: two halves make one budget.
 */
function operationTimeouts (timeoutMs: number) {
  const half = Math.ceil(timeoutMs / 2)
  return {
    serverSelectionTimeoutMS: timeoutMs,
    socketTimeoutMS: half,
    connectTimeoutMS: half,
    waitQueueTimeoutMS: half
  }
}

/** What a server's `hello` answer says: a replica set member or a mongos can run transactions. */
export function claimsTransactions (hello: { setName?: unknown, msg?: unknown }): boolean {
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid'
}

/** The server offers transactions but cannot run one: this instance does not start. */
export class DeploymentModeError extends Error {
  override name = 'DeploymentModeError'
}

/**
 * Whether this instance runs every write in a transaction. A replica set or mongos says so in
 * `hello`, and `probe` (one transaction) confirms it. When the probe fails the start fails: an
 * instance that fell back to the lock path beside instances running transactions would mix the
 * two on one database (its lock documents and repairs are not part of their transactions, and
 * theirs are never committed), so no guarantee of either mode would hold. The orchestrator
 * tries again, by which time a replica set still electing its primary has one.
 */
export async function transactionsMode (hello: Readonly<Record<string, unknown>>, probe: () => Promise<void>): Promise<boolean> {
  if (!claimsTransactions(hello)) return false
  try {
    await probe()
    return true
  } catch (error) {
    const server = typeof hello.setName === 'string' ? `a member of replica set ${hello.setName}` : 'a mongos'
    throw new DeploymentModeError(`the database server is ${server} but a probe transaction failed ` +
      `(${error instanceof Error ? error.message : String(error)}); refusing to start without transactions, ` +
      'which would mix the two write paths on one database', { cause: error })
  }
}

/** One transaction that reads a contact: it fails where the server cannot run transactions. */
export async function probeTransaction (connection: Connection, models: Models): Promise<void> {
  const session = await connection.startSession()
  try {
    await session.withTransaction(async () => {
      await models.Contact.findOne({}, null, { session }).lean()
    })
  } finally {
    await session.endSession()
  }
}
