// `npm run db:migrate`: creates the collections and indexes, then exits; safe on every deploy.
import Fastify from 'fastify'
import { pino } from 'pino'
import { errorSerializer } from '../http/log-safety.js'
import { ConfigError, configPlugin } from '../config.js'
import { databasePlugin } from './database-plugin.js'
import { migrate } from './migrate.js'

// Errors with contact details masked: a driver's duplicate-key message can name an email.
const app = Fastify({ loggerInstance: pino({ serializers: { err: errorSerializer(() => false) } }) })
try {
  // Reads .env like the service does, so that one file configures both.
  await app.register(configPlugin)
  if (app.config.MONGODB_URI === undefined) throw new ConfigError(['MONGODB_URI (or DATABASE_URL) is not set: name the database to migrate'])
  await app.register(databasePlugin)
  const collections = await migrate(app.db.models)
  app.log.info({ database: app.config.MONGODB_DB_NAME, collections }, 'collections and indexes are in place')
  await app.close()
} catch (error) {
  const message = `migration failed: ${error instanceof Error ? error.message : String(error)}`
  // A bad setting needs no stack; anything else keeps it.
  if (error instanceof ConfigError) app.log.fatal(message)
  else app.log.fatal({ err: error }, message)
  process.exit(1)
}
