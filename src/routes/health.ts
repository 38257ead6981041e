// Liveness (the process answers) and readiness (the database answers a ping, quickly).
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Connection } from 'mongoose'
import { Type } from 'typebox'

// A probe must answer within its own timeout (Kubernetes' default is 1 s, most set a few): a
// ready server answers a ping in milliseconds, so a slower one counts as not ready. The driver
// gives no per-operation deadline short of the connection's (driver 7.8 ignores timeoutMS, and
// a ping waiting for a pool connection or a stalled socket takes the whole MONGODB_TIMEOUT_MS),
// so the probe stops waiting on its own; the ping itself still ends within the driver's bounds.
const READY_TIMEOUT_MS = 1000

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
    if (await pingsWithin(app.db.connection, READY_TIMEOUT_MS)) return { status: 'ok', transactions: app.db.transactions }
    return await reply.code(503).header('retry-after', 5).send({ status: 'database unavailable' })
  })
}

/** Whether the database answers a ping within `ms`. */
async function pingsWithin (connection: Connection, ms: number): Promise<boolean> {
  const timer = new AbortController()
  const ping = connection.getClient().db().admin().command({ ping: 1 }).then(() => true, () => false)
  const late = sleep(ms, false, { signal: timer.signal }).catch(() => false)
  try {
    return await Promise.race([ping, late])
  } finally {
    timer.abort()
  }
}
