// Wires the identity services to the Mongo stores and the configuration.
import fp from 'fastify-plugin'
import type { Config } from './config.js'
import { MongoBlocklistStore } from './db/blocklist-store.js'
import type { Database } from './db/database-plugin.js'
import { MongoIdentityStore } from './db/mongo-identity-store.js'
import { BlocklistService } from './identity/services/blocklist-service.js'
import { EvidenceService } from './identity/services/evidence-service.js'
import { FeedService } from './identity/services/feed-service.js'
import type { IdentityStore } from './identity/identity-store.js'
import type { IdentityError } from './identity/errors.js'
import { HoldService } from './identity/services/hold-service.js'
import { IdentityService } from './identity/services/identity-service.js'
import { UndoService } from './identity/services/undo-service.js'
import { ErasureService } from './identity/services/erasure-service.js'
import { Suppression, suppressionKey } from './identity/services/suppression.js'
import { MongoSuppressionStore } from './db/suppression-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityService
    evidence: EvidenceService
    feed: FeedService
    blocklist: BlocklistService
    undo: UndoService
    holds: HoldService
    erasure: ErasureService
  }
}

/** A store and what runs beside the requests (the sequencer that numbers events). */
export type RunningStore = IdentityStore & { start (): void, stop (): Promise<void> }

/** What the store tells the rest of the app. */
export interface StoreHooks {
  /** A new attempt inside the store, by reason (metrics). */
  onRetry (reason: string): void
  /** A failure in the background: after an answer, or in the sequencer (logs). */
  onBackgroundError (error: unknown): void
}

export interface IdentityPluginOptions {
  /** Builds the store; the Mongo store by default. Tests hand in one that wraps it to inject faults. */
  identityStore?: ((db: Database, config: Config, hooks?: StoreHooks) => RunningStore) | undefined
}

/** The production store over the app's database. */
export function mongoIdentityStore (db: Database, config: Config, hooks?: StoreHooks): MongoIdentityStore {
  const secret = config.ERASURE_SECRET
  return new MongoIdentityStore({
    onRetry: hooks?.onRetry,
    onBackgroundError: hooks?.onBackgroundError,
    connection: db.connection,
    models: db.models,
    transactions: db.transactions,
    lockLeaseMs: config.LOCK_LEASE_MS,
    transactionTimeoutMs: config.TRANSACTION_TIMEOUT_MS,
    suppressionKey: secret === undefined ? undefined : (field, value) => suppressionKey(secret, field, value)
  })
}

/**
 * Explain and evidence read at most the size limit's worth of contacts, and a generous number of
 * events per contact (merges, undos, approvals): an identity past the limit answers truncated.
 */
function evidenceLimits (identitySize: number): { contacts: number, events: number } {
  return { contacts: identitySize, events: 20 * identitySize }
}

export const identityPlugin = fp<IdentityPluginOptions>(async (app, options) => {
  const { config } = app
  const hooks: StoreHooks = {
    onRetry: reason => { app.metrics.storeRetry(reason) },
    onBackgroundError: error => { app.log.warn({ err: error }, 'the event outbox or sequencer failed; it goes on, and a repair finishes what was left') }
  }
  const store = (options.identityStore ?? mongoIdentityStore)(app.db, config, hooks)
  store.start()
  // Before the database closes: what was answered gets its event, and the sequencer's lease goes.
  app.addHook('onClose', async () => { await store.stop() })
  const blocklist = new BlocklistService(new MongoBlocklistStore(app.db.models), store, config.PHONE_DEFAULT_REGION, config.BLOCKLIST_PATTERN_LIMIT)
  await blocklist.refresh()
  const { unusable } = blocklist.blocklist()
  if (unusable.length > 0) {
    app.log.warn({ ruleIds: unusable.map(r => r.id) }, 'blocklist patterns that are not RE2 syntax (saved before the engine was RE2) are not applied: replace them')
  }
  // Rules added on another instance apply here within the refresh interval.
  const refresh = setInterval(() => {
    blocklist.refresh().catch((error: unknown) => { app.log.warn({ err: error }, 'could not refresh the blocklist; keeping the rules in force') })
  }, config.BLOCKLIST_REFRESH_MS)
  refresh.unref()
  app.addHook('onClose', async () => { clearInterval(refresh) })

  // Most conflicts clear in milliseconds; a hot cluster queues writers for longer. Jittered,
  // capped exponential backoff: about five seconds in all with the default 50 attempts.
  const retry = { attempts: config.CONFLICT_RETRIES, baseDelayMs: 5, maxDelayMs: 200, onRetry: (error: IdentityError) => { hooks.onRetry(error.code.toLowerCase()) } }
  const suppression = config.ERASURE_SECRET === undefined ? undefined : new Suppression(config.ERASURE_SECRET, new MongoSuppressionStore(app.db.models))
  if (suppression === undefined && await app.db.models.Suppression.exists({}) !== null) {
    app.log.warn('erased identifiers are suppressed in the database, but ERASURE_SECRET is not set: they are not recognised, and can be stored again')
  }
  const identity = new IdentityService({
    store,
    phoneDefaultRegion: config.PHONE_DEFAULT_REGION,
    retry,
    blocklist: () => blocklist.blocklist(),
    limits: { identitySize: config.IDENTITY_SIZE_LIMIT, genericIdentifier: config.GENERIC_IDENTIFIER_LIMIT },
    suppression
  })
  app.decorate('identity', identity)
  app.decorate('evidence', new EvidenceService(store, identity, evidenceLimits(config.IDENTITY_SIZE_LIMIT)))
  app.decorate('feed', new FeedService(store))
  app.decorate('blocklist', blocklist)
  app.decorate('holds', new HoldService(store, retry, () => blocklist.blocklist()))
  app.decorate('undo', new UndoService({ store, blocklist: () => blocklist.blocklist(), phoneDefaultRegion: config.PHONE_DEFAULT_REGION, retry }))
  app.decorate('erasure', new ErasureService({ store, blocklist: () => blocklist.blocklist(), suppression, phoneDefaultRegion: config.PHONE_DEFAULT_REGION, retry }))
}, { name: 'identity', dependencies: ['config', 'database', 'metrics'] })
