// `npm run db:backfill-events`: records what can be known of contacts older than the evidence log, then exits.
import Fastify from 'fastify'
import { pino } from 'pino'
import { errorSerializer } from '../http/log-safety.js'
import { configPlugin } from '../config.js'
import { backfillEvents } from './backfill-events.js'
import { databasePlugin } from './database-plugin.js'

// Errors with contact details masked: a driver's duplicate-key message can name an email.
const app = Fastify({ loggerInstance: pino({ serializers: { err: errorSerializer(() => false) } }) })
try {
  await app.register(configPlugin)
  if (app.config.MONGODB_URI === undefined) throw new Error('set MONGODB_URI (or DATABASE_URL) to the database to backfill')
  await app.register(databasePlugin)
  const { creations, unrecordedJoins } = await backfillEvents(app.db.models, app.config.LOCK_LEASE_MS)
  app.log.info({ database: app.config.MONGODB_DB_NAME, creations, unrecordedJoins: unrecordedJoins.length },
    `recorded ${creations} contact creations; ${unrecordedJoins.length} identities were joined by requests that were never recorded`)
  for (const join of unrecordedJoins) {
    app.log.warn(join, `identity ${join.primaryId}: contacts ${join.joinedContactIds.join(', ')} were joined by a request that was never recorded (recorded as links.backfilled; the request itself cannot be known)`)
  }
  await app.close()
} catch (error) {
  app.log.fatal({ err: error }, `backfill failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
