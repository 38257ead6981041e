// Liveness (the process answers) and readiness (the database answers a ping).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const HealthSchema = Type.Object({ status: Type.String(), transactions: Type.Optional(Type.Boolean()) }, {
  examples: [{ status: 'ok' }]
})
// Same shape, its own example: the documented 503 should not read "ok".
const NotReadySchema = Type.Object(HealthSchema.properties, { examples: [{ status: 'database unavailable' }] })

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health/live', {
    logLevel: 'warn',
    schema: { summary: 'The process is up', tags: ['health'], response: { 200: HealthSchema } }
  }, async () => ({ status: 'ok' }))

  app.get('/health/ready', {
    logLevel: 'warn',
    schema: { summary: 'The database answers a ping', tags: ['health'], response: { 200: HealthSchema, 503: NotReadySchema } }
  }, async (_request, reply) => {
    try {
      await app.db.connection.getClient().db().admin().command({ ping: 1 })
      return { status: 'ok', transactions: app.db.transactions }
    } catch {
      return await reply.code(503).header('retry-after', 5).send({ status: 'database unavailable' })
    }
  })
}
