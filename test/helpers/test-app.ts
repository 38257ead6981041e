// Builds the real app against the test database server, with a database of its own.
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { buildApp, type App, type BuildAppOptions } from '../../src/app.js'
import type { ContactDocument } from '../../src/db/models.js'
import { MongoIdentityStore } from '../../src/db/mongo-identity-store.js'
import { mongoIdentityStore, type RunningStore } from '../../src/identity-plugin.js'

export interface TestAppOptions extends Omit<BuildAppOptions, 'env'> {
  env?: Record<string, string>
}

// The store of each open test app: a reset makes it forget the ids it knows, and settle() waits
// for every app on the same database.
const stores = new Map<App, RunningStore>()

/** A new app on a fresh database; closing it drops the database. */
export async function buildTestApp (options: TestAppOptions = {}): Promise<App> {
  let store: RunningStore | undefined
  const app = await buildApp({
    ...options,
    identityStore: (db, config, hooks) => (store = (options.identityStore ?? mongoIdentityStore)(db, config, hooks)),
    env: {
      MONGODB_URI: inject('mongodbUri'),
      MONGODB_DB_NAME: `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      LOG_LEVEL: 'silent',
      // FerretDB scans every table on every query; on a busy 2-core runner one operation can
      // take seconds. Tests of deadlines (stall, outage) set their own, short one.
      MONGODB_TIMEOUT_MS: '15000',
      // Most tests are about identities, not access: callers need no key (admin routes still need
      // ADMIN_TOKEN). The access tests set AUTH=keys.
      AUTH: 'off',
      ...options.env
    }
  })
  if (store !== undefined) stores.set(app, store)
  app.addHook('onClose', async () => {
    stores.delete(app)
    await app.db.connection.dropDatabase().catch(() => {})
  })
  return app
}

/** Empties the collections, for tests that run many scenarios on one database (`others`: apps sharing it). */
export async function resetDatabase (app: App, ...others: App[]): Promise<void> {
  for (const each of [app, ...others]) await settle(each)
  const { Contact, Event, Lock, Hold, Suppression, PendingEvent, Counter, IdentifierClaim } = app.db.models
  await Promise.all([Contact.deleteMany({}), Event.deleteMany({}), Lock.deleteMany({}), Hold.deleteMany({}),
    Suppression.deleteMany({}), PendingEvent.deleteMany({}), Counter.deleteMany({}), IdentifierClaim.deleteMany({})])
  for (const each of [app, ...others]) {
    const store = stores.get(each)
    if (store instanceof MongoIdentityStore) store.forgetIds()
  }
}

/**
 * Waits until what `app`, and every other open app on its database, answered is finished: events
 * numbered, locks let go (both may follow an answer). For tests that read the collections directly.
 */
export async function settle (app: App): Promise<void> {
  const database = app.config.MONGODB_DB_NAME
  for (const [each, store] of stores) {
    if (each.config.MONGODB_DB_NAME === database && store instanceof MongoIdentityStore) await store.settled()
  }
}

/** Every stored contact, straight from the collection, oldest id first, once what `app` answered is finished. */
export async function readContacts (app: App): Promise<ContactDocument[]> {
  await settle(app)
  return await app.db.models.Contact.find({}).sort({ _id: 1 }).lean<ContactDocument[]>()
}

/** POST /identify through app.inject. */
export async function identify (app: App, body: unknown) {
  return await app.inject({ method: 'POST', url: '/identify', payload: body as object })
}
