// Entry point: check the settings, start an embedded database when none is configured, build the
// app with a pino logger, listen, and shut down gracefully on signals.
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp, type App } from './app.js'
import { ConfigError, loadConfig, wantsPrettyLogs } from './config.js'
import { DeploymentModeError } from './db/database-plugin.js'
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js'
import { errorSerializer } from './http/log-safety.js'

// Requests in flight get this long to finish on SIGTERM before the process exits anyway.
const SHUTDOWN_GRACE_MS = 10_000

const logger = pino({
  // Request bodies (personal data) are never logged; neither are credentials.
  redact: ['req.headers.authorization', 'req.headers.cookie'],
  // Before the settings are read (a failed start): contact details masked in errors. buildApp's
  // own serializer, which knows LOG_CONTACT_DETAILS, replaces this one for the app's lines.
  serializers: { err: errorSerializer(() => false) },
  // In a terminal, one readable line per entry, as Fastify's documentation suggests (pino-pretty
  // in a worker thread); everywhere else (containers, files, pipes) JSON lines for machines.
  ...(wantsPrettyLogs(process.stdout.isTTY)
    ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss Z', ignore: 'pid,hostname', singleLine: true } } }
    : {})
})

let app: App | undefined
let embedded: EmbeddedDatabase | undefined

// Installed first: Ctrl-C during the first FerretDB build must still stop what was started.
// SIGHUP is not among the signals that stop the service: it reloads the API keys (below).
closeWithGrace({ delay: SHUTDOWN_GRACE_MS, skip: ['SIGHUP'] }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'shutting down after an uncaught error')
  else logger.info({ signal }, 'shutting down: finishing requests in flight')
  await app?.close()
  await embedded?.stop()
})

async function fail (error: unknown): Promise<never> {
  // A bad setting or a missing tool is for the person starting the service: its message says
  // what to do, and a stack would bury it (so is a server that claims transactions and cannot run
  // one: the message names the probe's error). Anything else keeps its stack for whoever debugs it.
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof DeploymentModeError) logger.fatal(`start-up failed: ${error.message}`)
  else logger.fatal({ err: error }, `start-up failed: ${error instanceof Error ? error.message : String(error)}`)
  await embedded?.stop()
  process.exit(1)
}

try {
  // Every setting is checked before anything starts.
  const { config, env, envFile } = await loadConfig()
  logger.level = config.LOG_LEVEL
  if (envFile !== undefined) logger.info({ envFile }, `settings read from ${envFile} (the environment wins over it)`)
  // Here rather than in the database plugin: Fastify gives a plugin 10 s to load, and the first
  // FerretDB build takes minutes.
  if (config.MONGODB_URI === undefined) embedded = await startEmbeddedDatabase(logger)
  app = await buildApp({ loggerInstance: logger, env: { ...env, MONGODB_URI: embedded?.uri ?? config.MONGODB_URI } })
  // SIGHUP re-reads API_KEYS_FILE: a removed key stops working, a new one works, without a restart.
  const running = app
  process.on('SIGHUP', () => { running.access.reload() })
  await app.listen({ port: app.config.PORT, host: app.config.HOST })
} catch (error) {
  await fail(error)
}
