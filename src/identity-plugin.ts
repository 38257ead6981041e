// Wires the identity service to the Mongo store and the configuration.
import fp from 'fastify-plugin'
import { MongoContactStore } from './db/mongo-contact-store.js'
import { IdentityService, type WriteStep } from './identity/identity-service.js'

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityService
  }
}

export interface IdentityPluginOptions {
  /** Test-only fault injection between the write steps of a request. */
  afterWriteStep?: ((step: WriteStep) => void | Promise<void>) | undefined
}

export const identityPlugin = fp<IdentityPluginOptions>(async (app, options) => {
  const store = new MongoContactStore({
    connection: app.db.connection,
    models: app.db.models,
    transactions: app.db.transactions,
    lockLeaseMs: app.config.LOCK_LEASE_MS,
    transactionTimeoutMs: app.config.TRANSACTION_TIMEOUT_MS
  })
  app.decorate('identity', new IdentityService({
    store,
    phoneDefaultRegion: app.config.PHONE_DEFAULT_REGION,
    // Most conflicts clear in milliseconds; a hot cluster queues writers for longer. Jittered,
    // capped exponential backoff: about five seconds in all with the default 50 attempts.
    retry: { attempts: app.config.CONFLICT_RETRIES, baseDelayMs: 5, maxDelayMs: 200 },
    afterWriteStep: options.afterWriteStep
  }))
}, { name: 'identity', dependencies: ['config', 'database'] })
