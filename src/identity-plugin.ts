// Wires the identity services to the Mongo store and the configuration.
import fp from 'fastify-plugin'
import type { Config } from './config.js'
import type { Database } from './db/database-plugin.js'
import { MongoIdentityStore } from './db/mongo-identity-store.js'
import { EvidenceService } from './identity/evidence-service.js'
import type { IdentityStore } from './identity/identity-store.js'
import { IdentityService } from './identity/identity-service.js'

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityService
    evidence: EvidenceService
  }
}

export interface IdentityPluginOptions {
  /** Builds the store; the Mongo store by default. Tests hand in one that wraps it to inject faults. */
  identityStore?: ((db: Database, config: Config) => IdentityStore) | undefined
}

/** The production store over the app's database. */
export function mongoIdentityStore (db: Database, config: Config): MongoIdentityStore {
  return new MongoIdentityStore({
    connection: db.connection,
    models: db.models,
    transactions: db.transactions,
    lockLeaseMs: config.LOCK_LEASE_MS,
    transactionTimeoutMs: config.TRANSACTION_TIMEOUT_MS
  })
}

export const identityPlugin = fp<IdentityPluginOptions>(async (app, options) => {
  const store = (options.identityStore ?? mongoIdentityStore)(app.db, app.config)
  const identity = new IdentityService({
    store,
    phoneDefaultRegion: app.config.PHONE_DEFAULT_REGION,
    // Most conflicts clear in milliseconds; a hot cluster queues writers for longer. Jittered,
    // capped exponential backoff: about five seconds in all with the default 50 attempts.
    retry: { attempts: app.config.CONFLICT_RETRIES, baseDelayMs: 5, maxDelayMs: 200 }
  })
  app.decorate('identity', identity)
  app.decorate('evidence', new EvidenceService(store, identity))
}, { name: 'identity', dependencies: ['config', 'database'] })
