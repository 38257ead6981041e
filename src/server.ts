// Entry point: build the app with a pino logger, listen, and shut down gracefully on signals.
import { pino } from 'pino'
import { buildApp } from './app.js'

const logger = pino({
  // Contact details are personal data: request bodies are never logged, and neither are secrets.
  redact: ['req.headers.authorization', 'req.headers.cookie']
})

const app = await buildApp({ loggerInstance: logger }).catch((error: unknown) => {
  // Bad configuration or an unreachable database: say what is wrong and stop.
  logger.fatal({ err: error }, `start-up failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing requests in flight')
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    })
  })
}

await app.listen({ port: app.config.PORT, host: app.config.HOST })
