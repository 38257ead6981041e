// Who may call what: one onRequest hook authenticates the bearer key (@fastify/bearer-auth), checks the
// scope of the route's family (routeFamily) and the key's rate limit (@fastify/rate-limit).
import bearerAuth from '@fastify/bearer-auth'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import { accessPolicy } from './access-policy.js'
import { hashKey, loadKeys, type KeyEntry } from './keys.js'
import { grants, isScope, type Access, type Scope } from './scopes.js'

declare module 'fastify' {
  interface FastifyInstance {
    access: {
      /**
       * Re-reads API_KEYS_FILE (server.ts does on SIGHUP): new keys work and removed ones stop at
       * once. A file with a bad line changes nothing. Whether keys are required stays as at start.
       */
      reload (): void
      /** Some key had the admin scope at start: the admin routes and the console exist only then. */
      readonly adminKeyAtStart: boolean
    }
  }
}

function byHash (keys: KeyEntry[]): Map<string, KeyEntry> {
  return new Map(keys.map(key => [key.hash, key]))
}

export const accessPlugin = fp(async (app) => {
  const config = app.config
  let keys = byHash(loadKeys(config))
  const policy = accessPolicy(config, [...keys.values()])
  if (policy.warning !== undefined) app.log.warn(policy.warning)

  app.decorateRequest('caller', null)
  app.decorate('access', {
    reload () {
      try {
        keys = byHash(loadKeys(config))
        app.log.info({ keys: keys.size }, 'API keys reloaded')
      } catch (error) {
        app.log.error(`API keys not reloaded, the previous ones stay in force: ${(error as Error).message}`)
      }
    },
    adminKeyAtStart: [...keys.values()].some(key => key.scopes.has('admin'))
  })

  // Only the key's hash is compared: looking it up in a map leaks nothing an attacker can use.
  await app.register(bearerAuth, {
    keys: [],
    addHook: false,
    verifyErrorLogLevel: 'debug',
    auth: (key, request) => {
      const found = keys.get(hashKey(key))
      if (found !== undefined) request.caller = { name: found.name, scopes: found.scopes }
      return found !== undefined
    }
  })
  const verifyBearerAuth = async (request: FastifyRequest, reply: FastifyReply) => {
    await new Promise<void>((resolve, reject) => {
      app.verifyBearerAuth!(request, reply, (error) => { if (error === undefined || error === null) resolve(); else reject(error) })
    })
  }

  // Per key name and scope, per instance; a scope without RATE_LIMIT_<SCOPE> has no limit.
  const limits: Record<Scope, number | undefined> = {
    identify: config.RATE_LIMIT_IDENTIFY, read: config.RATE_LIMIT_READ, feed: config.RATE_LIMIT_FEED, admin: config.RATE_LIMIT_ADMIN
  }
  const limitOf = (request: FastifyRequest): number | undefined => {
    const access = request.routeOptions.config.access
    return access !== undefined && isScope(access) ? limits[access] : undefined
  }
  await app.register(rateLimit, { global: false })
  const checkRateLimit = app.rateLimit({
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => `${request.routeOptions.config.access}:${request.caller?.name}`,
    allowList: (request) => request.caller === null || limitOf(request) === undefined,
    max: (request) => limitOf(request) ?? 0,
    errorResponseBuilder: (_request, context) => new IdentityError(ErrorCodes.RATE_LIMITED, `more than ${context.max} requests of this key in ${context.after}; retry after the time Retry-After gives`)
  })

  app.addHook('onRequest', async (request, reply) => {
    // No route: the not-found handler answers, and says nothing about what exists.
    if (request.is404) return
    // A route outside every family requires what admin routes do (see routeFamily).
    const access: Access = request.routeOptions.config.access ?? 'admin'
    if (access === 'public') return
    // Answers behind a key carry personal data: no cache (browser, proxy) may keep them.
    if (isScope(access)) reply.header('cache-control', 'no-store')
    if (access !== 'admin' && !policy.keysRequired) return
    try {
      await verifyBearerAuth(request, reply)
    } catch (error) {
      reply.header('www-authenticate', 'Bearer')
      const missing = (error as { code?: string }).code === 'FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER'
      throw new IdentityError(ErrorCodes.UNAUTHENTICATED, missing ? 'this route needs an API key: send Authorization: Bearer <key>' : 'the API key is not valid (unknown, removed, or not sent as Authorization: Bearer <key>)')
    }
    const caller = request.caller!
    if (!grants(caller.scopes, access)) throw new IdentityError(ErrorCodes.FORBIDDEN, `the key "${caller.name}" lacks the ${access} scope this route requires`)
    await checkRateLimit.call(app, request, reply)
  })
}, { name: 'access', dependencies: ['config'] })
