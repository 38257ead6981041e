// Builds the real app against the test database server, with a database of its own.
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { buildApp, type App, type BuildAppOptions } from '../../src/app.js'
import type { ContactDocument } from '../../src/db/models.js'

export interface TestAppOptions extends Omit<BuildAppOptions, 'env'> {
  env?: Record<string, string>
}

/** A new app on a fresh database; closing it drops the database. */
export async function buildTestApp (options: TestAppOptions = {}): Promise<App> {
  const app = await buildApp({
    ...options,
    env: {
      MONGODB_URI: inject('mongodbUri'),
      MONGODB_DB_NAME: `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      LOG_LEVEL: 'silent',
      ...options.env
    }
  })
  app.addHook('onClose', async () => {
    await app.db.connection.dropDatabase().catch(() => {})
  })
  return app
}

/** Empties the collections, for tests that run many scenarios on one database. */
export async function resetDatabase (app: App): Promise<void> {
  const { Contact, Counter, Lock } = app.db.models
  await Promise.all([Contact.deleteMany({}), Counter.deleteMany({}), Lock.deleteMany({})])
}

/** Every stored contact, straight from the collection, oldest id first. */
export async function readContacts (app: App): Promise<ContactDocument[]> {
  return await app.db.models.Contact.find({}).sort({ _id: 1 }).lean<ContactDocument[]>()
}

/** POST /identify through app.inject. */
export async function identify (app: App, body: unknown) {
  return await app.inject({ method: 'POST', url: '/identify', payload: body as object })
}
