// Admin routes (blocklist, held merges, undo, erasure): only with ADMIN_TOKEN configured, behind its bearer token.
import bearerAuth from '@fastify/bearer-auth'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { adminBlocklistRoutes } from './admin-blocklist.js'
import { adminEraseRoutes } from './admin-erase.js'
import { adminHoldRoutes } from './admin-holds.js'
import { adminUndoRoutes } from './admin-undo.js'

export const adminRoutes: FastifyPluginAsyncTypebox<{ token: string }> = async (app, { token }) => {
  // Constant-time comparison of the token, on every route of this plugin (and only these).
  await app.register(bearerAuth, {
    keys: new Set([token]),
    verifyErrorLogLevel: 'warn',
    errorResponse: (error: Error) => ({ statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized', message: error.message })
  })
  await app.register(adminBlocklistRoutes)
  await app.register(adminHoldRoutes)
  await app.register(adminUndoRoutes)
  await app.register(adminEraseRoutes)
}
