// buildApp(): config -> security headers, metrics, API docs -> database -> identity service ->
// error handlers -> routes.
import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { configPlugin } from './config.js'
import { consolePlugin } from './console/console-plugin.js'
import { databasePlugin } from './db/database-plugin.js'
import { registerErrorHandlers } from './http/error-handler.js'
import { methodNotAllowedPlugin } from './http/method-not-allowed.js'
import { metricsPlugin } from './http/metrics.js'
import { openapiPlugin } from './http/openapi.js'
import { requestLogPlugin } from './http/request-log.js'
import { securityPlugin } from './http/security.js'
import { formatValidationErrors } from './http/validation-messages.js'
import { identityPlugin, type IdentityPluginOptions } from './identity-plugin.js'
import { adminRoutes } from './routes/admin.js'
import { contactRoutes } from './routes/contacts.js'
import { healthRoutes } from './routes/health.js'
import { evidenceRoutes } from './routes/evidence.js'
import { feedRoutes } from './routes/feed.js'
import { identitiesRoutes } from './routes/identities.js'
import { identifyRoutes } from './routes/identify.js'

export interface BuildAppOptions extends IdentityPluginOptions {
  /** Environment to configure from; `process.env` by default. */
  env?: Record<string, string | undefined>
  /** The pino logger (server.ts); none in tests. */
  loggerInstance?: FastifyBaseLogger
}

export async function buildApp (options: BuildAppOptions = {}) {
  const app = Fastify({
    ...(options.loggerInstance === undefined ? { logger: false } : { loggerInstance: options.loggerInstance }),
    ajv: {
      customOptions: {
        // Reject unknown keys (a caller sending `phone` must hear about it) and wrong types as
        // they are, instead of Fastify's default of dropping and coercing them.
        removeAdditional: false,
        coerceTypes: false,
        // Lets validation messages quote a schema's description.
        verbose: true,
        // phoneNumber is `string | number | null`: one `type` array, one clear message.
        allowUnionTypes: true
      }
    },
    schemaErrorFormatter: formatValidationErrors,
    requestIdHeader: 'x-request-id',
    // request-log.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    // Slow clients get 15 s to send a request. No idle timeout on the socket: it would also
    // cut a response that takes long to compute; idle keep-alive connections close after 72 s.
    requestTimeout: 15_000,
    // Long path parameters reach validation (a 400 that names the limit) instead of the router's 414.
    routerOptions: { maxParamLength: 2048 },
    return503OnClosing: true
  }).withTypeProvider<TypeBoxTypeProvider>()

  // A JSON API: text bodies get 415 rather than Fastify's built-in text/plain parsing.
  app.removeContentTypeParser('text/plain')

  await app.register(configPlugin, { env: options.env })
  app.log.level = app.config.LOG_LEVEL
  // Before any route: @fastify/swagger (and helmet's per-route options) learn about routes from
  // an onRoute hook, which sees only the routes added after it.
  await app.register(requestLogPlugin)
  await app.register(methodNotAllowedPlugin)
  await app.register(securityPlugin)
  await app.register(metricsPlugin)
  await app.register(openapiPlugin)
  await app.register(databasePlugin)
  await app.register(identityPlugin, { identityStore: options.identityStore })

  registerErrorHandlers(app)
  await app.register(healthRoutes)
  await app.register(identifyRoutes)
  await app.register(contactRoutes)
  await app.register(identitiesRoutes)
  await app.register(evidenceRoutes)
  await app.register(feedRoutes)
  // Without a token the admin routes do not exist (404), rather than exist unprotected.
  const token = app.config.ADMIN_TOKEN
  if (token !== undefined) await app.register(adminRoutes, { token })
  await app.register(consolePlugin)
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
