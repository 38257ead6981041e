// One structured log line per request: its id, route, status and time, plus what the handler adds.
// The id (the caller's x-request-id when it is safe, else a new one) goes back in the x-request-id header.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'

// The id lands in every log line and in every event this request writes: no room for personal
// data (no "@", no "+"), nothing a log reader must escape, and bounded.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The caller's x-request-id when it is at most 128 safe characters, else a fresh UUID (Fastify's genReqId). */
export function requestId (request: IncomingMessage): string {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID()
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields a handler adds to its request's log line (never personal data unless configured). */
    logFields: Record<string, unknown>
  }
}

export const requestLogPlugin = fp(async (app) => {
  app.decorateRequest('logFields', null as unknown as Record<string, unknown>)
  app.addHook('onRequest', async (request) => {
    request.logFields = {}
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url
    // request.log carries the request id; routes such as /health log at warn, so not at all here.
    request.log[reply.statusCode >= 500 ? 'error' : 'info']({
      method: request.method,
      // The template, not the URL: bounded, and free of whatever a caller puts in a path.
      route: route ?? 'unmatched',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...request.logFields
    }, 'request')
  })
}, { name: 'request-log' })
