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
    // Fail a request within this time when the server is gone, instead of the driver's 30 s.
    serverSelectionTimeoutMS: config.MONGODB_TIMEOUT_MS,
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

/** A replica set or mongos says so in `hello`; a probe transaction confirms that it really runs them. */
async function supportsTransactions (connection: Connection, models: Models, log: FastifyBaseLogger): Promise<boolean> {
  const hello = await connection.getClient().db().admin().command({ hello: 1 })
  if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') return false
  const session = await connection.startSession()
  try {
    await session.withTransaction(async () => {
      await models.Counter.findOne({}, null, { session }).lean()
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
