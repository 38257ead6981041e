// A route family: every route a plugin registers requires the same access, declared where app.ts registers it.
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify'
import { ErrorSchema } from '../routes/schemas.js'
import type { Access } from './scopes.js'

const ACCESS_ERRORS = { 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema }

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by routeFamily only; the access plugin's one hook checks it on every request. */
    access?: Access
  }
}

/**
 * Wraps a route plugin so that each of its routes requires `access`. A route registered outside
 * any family has no access declared, and the access hook treats it as admin-only: forgetting to
 * declare one closes a route rather than opening it.
 */
export function routeFamily<Options extends FastifyPluginOptions> (access: Access, plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  return async (app, options) => {
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, access }
      // The published contract says what the hook may answer, route by route.
      if (access !== 'public' && route.schema !== undefined && route.schema.hide !== true) {
        route.schema = { ...route.schema, security: [{ bearerAuth: [] }], response: { ...ACCESS_ERRORS, ...(route.schema.response as object | undefined) } }
      }
    })
    await app.register(plugin, options)
  }
}
