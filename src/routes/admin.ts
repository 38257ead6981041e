// Admin routes (who is signed in, blocklist, held merges, undo, erasure): app.ts registers them in the admin family.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { adminBlocklistRoutes } from './admin-blocklist.js'
import { adminEraseRoutes } from './admin-erase.js'
import { adminHoldRoutes } from './admin-holds.js'
import { adminUndoRoutes } from './admin-undo.js'
import { adminWhoamiRoutes } from './admin-whoami.js'

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(adminWhoamiRoutes)
  await app.register(adminBlocklistRoutes)
  await app.register(adminHoldRoutes)
  await app.register(adminUndoRoutes)
  await app.register(adminEraseRoutes)
}
