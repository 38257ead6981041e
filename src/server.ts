// Entry point: build the app with a pino logger, listen, and shut down gracefully on signals.
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp } from './app.js'

// Requests in flight get this long to finish on SIGTERM before the process exits anyway.
const SHUTDOWN_GRACE_MS = 10_000

const logger = pino({
  // Request bodies (personal data) are never logged; neither are credentials.
  redact: ['req.headers.authorization', 'req.headers.cookie']
})

const app = await buildApp({ loggerInstance: logger }).catch((error: unknown) => {
  // Bad configuration or an unreachable database: say what is wrong and stop.
  logger.fatal({ err: error }, `start-up failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an uncaught error')
  else app.log.info({ signal }, 'shutting down: finishing requests in flight')
  await app.close()
})

await app.listen({ port: app.config.PORT, host: app.config.HOST })
