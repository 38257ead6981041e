// `npm run db:migrate`: creates the collections and indexes, then exits; safe on every deploy.
import Fastify from 'fastify'
import { pino } from 'pino'
import { configPlugin } from '../config.js'
import { databasePlugin } from './database-plugin.js'
import { migrate } from './migrate.js'

const app = Fastify({ loggerInstance: pino() })
try {
  await app.register(configPlugin)
  if (app.config.MONGODB_URI === undefined) throw new Error('set MONGODB_URI (or DATABASE_URL) to the database to migrate')
  await app.register(databasePlugin)
  const collections = await migrate(app.db.models)
  app.log.info({ database: app.config.MONGODB_DB_NAME, collections }, 'collections and indexes are in place')
  await app.close()
} catch (error) {
  app.log.fatal({ err: error }, `migration failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
