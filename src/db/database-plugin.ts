// Connects Mongoose (to MONGODB_URI, or an embedded server for development) and finds out
// whether the server runs transactions.
import type { FastifyBaseLogger } from 'fastify'
import fp from 'fastify-plugin'
import mongoose, { type Connection } from 'mongoose'
import { migrate } from './migrate.js'
import { registerModels, type Models } from './models.js'
import { translateStoreError } from './store-errors.js'
import { IdentityError } from '../identity/errors.js'

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
  const transactions = await supportsTransactions(connection, models, app.log)
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

/** A replica set or mongos says so in `hello`; a probe transaction confirms that it really runs them. */
async function supportsTransactions (connection: Connection, models: Models, log: FastifyBaseLogger): Promise<boolean> {
  const hello = await connection.getClient().db().admin().command({ hello: 1 })
  if (!claimsTransactions(hello)) return false
  const session = await connection.startSession()
  try {
    await session.withTransaction(async () => {
      await models.Contact.findOne({}, null, { session }).lean()
    })
    return true
  } catch (error) {
    // A replica set without a primary yet must not make this process run without transactions
    // for good: fail the start, and let the orchestrator try again.
    if (translateStoreError(error) instanceof IdentityError) throw error
    log.warn({ err: error }, 'the server claims a replica set but a transaction failed: running without transactions')
    return false
  } finally {
    await session.endSession()
  }
}
