// buildApp(): config -> request log, security headers, access, metrics, API docs -> database -> identity service ->
// error handlers -> routes in their families.
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { accessPlugin } from './access/access-plugin.js'
import { routeFamily } from './access/route-family.js'
import { configPlugin } from './config.js'
import { consolePlugin } from './console/console-plugin.js'
import { databasePlugin } from './db/database-plugin.js'
import { registerErrorHandlers } from './http/error-handler.js'
import { methodNotAllowedPlugin } from './http/method-not-allowed.js'
import { metricsPlugin, metricsRoutes } from './http/metrics.js'
import { docsRoutes, openapiPlugin } from './http/openapi.js'
import { requestId, requestLogPlugin } from './http/request-log.js'
import { securityPlugin } from './http/security.js'
import { errorSerializer } from './http/log-safety.js'
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
  // Errors are logged with contact details masked, even in nested causes, unless LOG_CONTACT_DETAILS;
  // the setting is read after Fastify starts (the config plugin), hence a flag the serializer reads.
  const logging = { contactDetails: false }
  const logger = options.loggerInstance?.child({}, { serializers: { err: errorSerializer(() => logging.contactDetails) } })
  const app = Fastify({
    ...(logger === undefined ? { logger: false } : { loggerInstance: logger }),
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
    // request-log.ts takes the caller's x-request-id only when it is safe to log and store.
    requestIdHeader: false,
    genReqId: requestId,
    // request-log.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
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
  logging.contactDetails = app.config.LOG_CONTACT_DETAILS
  // Before any route: @fastify/swagger (and helmet's per-route options) learn about routes from
  // an onRoute hook, which sees only the routes added after it.
  await app.register(requestLogPlugin)
  await app.register(methodNotAllowedPlugin)
  await app.register(securityPlugin)
  // After the request log and helmet: their onRequest hooks run even when this one refuses.
  await app.register(accessPlugin)
  await app.register(metricsPlugin)
  await app.register(openapiPlugin)
  await app.register(databasePlugin)
  await app.register(identityPlugin, { identityStore: options.identityStore })

  registerErrorHandlers(app)
  // Who may call what, for every route, here and nowhere else: each family requires one scope
  // (src/access/scopes.ts), which the access plugin's one hook checks. A new route goes into the
  // plugin of its family; a new family is registered here with its scope.
  const docsAndMetrics = app.config.DOCS_AND_METRICS === 'open' ? 'public' : 'any-key'
  await app.register(routeFamily('public', healthRoutes))
  await app.register(routeFamily(docsAndMetrics, metricsRoutes))
  await app.register(routeFamily(docsAndMetrics, docsRoutes))
  await app.register(routeFamily('identify', identifyRoutes))
  await app.register(routeFamily('identify', contactRoutes))
  await app.register(routeFamily('read', identitiesRoutes))
  await app.register(routeFamily('read', evidenceRoutes))
  await app.register(routeFamily('feed', feedRoutes))
  // Without an admin key the admin routes and the console do not exist (404), rather than exist unprotected.
  if (app.access.adminKeyAtStart) {
    await app.register(routeFamily('admin', adminRoutes))
    // The page and its bundle are public: the page signs in with an admin key and calls the admin routes.
    await app.register(routeFamily('public', consolePlugin))
  }
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
