// The one place where errors become HTTP answers: domain codes to statuses, internals to the log.
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ErrorCodes, IdentityError, type ErrorCode } from '../identity/errors.js'

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCodes.MISSING_CONTACT_FIELDS]: 400,
  [ErrorCodes.INVALID_EMAIL]: 400,
  [ErrorCodes.INVALID_PHONE_NUMBER]: 400,
  [ErrorCodes.CONTACT_NOT_FOUND]: 404,
  [ErrorCodes.CONTACT_ERASED]: 410,
  [ErrorCodes.IDENTIFIER_SHARED]: 409,
  [ErrorCodes.SUPPRESSION_UNAVAILABLE]: 409,
  [ErrorCodes.SUPPRESSION_NOT_FOUND]: 404,
  [ErrorCodes.NOT_LINKED]: 404,
  [ErrorCodes.EVIDENCE_MISSING]: 409,
  [ErrorCodes.IDENTIFIERS_BLOCKED]: 422,
  [ErrorCodes.INVALID_PATTERN]: 400,
  [ErrorCodes.RULE_EXISTS]: 409,
  [ErrorCodes.PATTERN_LIMIT]: 409,
  [ErrorCodes.RULE_NOT_FOUND]: 404,
  [ErrorCodes.BUILT_IN_RULE]: 409,
  [ErrorCodes.HOLD_NOT_FOUND]: 404,
  [ErrorCodes.HOLD_DECIDED]: 409,
  [ErrorCodes.HOLD_STALE]: 409,
  [ErrorCodes.EVENT_NOT_FOUND]: 404,
  [ErrorCodes.NOT_UNDOABLE]: 409,
  [ErrorCodes.IDENTIFIER_NOT_BLOCKED]: 409,
  [ErrorCodes.IDENTITY_BUSY]: 503,
  [ErrorCodes.DATABASE_UNAVAILABLE]: 503,
  // Never returned: the service retries them and answers IDENTITY_BUSY when it gives up.
  [ErrorCodes.LOCK_BUSY]: 503,
  [ErrorCodes.WRITE_CONFLICT]: 503,
  [ErrorCodes.ID_COLLISION]: 503,
  [ErrorCodes.BROKEN_LINKS]: 500,
  [ErrorCodes.UNAUTHENTICATED]: 401,
  [ErrorCodes.FORBIDDEN]: 403,
  // With the Retry-After that @fastify/rate-limit sets.
  [ErrorCodes.RATE_LIMITED]: 429
}

// Seconds a caller should wait before trying a 503 again.
const RETRY_AFTER_SECONDS = { unavailable: 5, busy: 1 }

function send (reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  // The request's log line (request-log.ts) says which error it ended with.
  reply.request.logFields.errorCode = code
  return reply.code(statusCode).send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message })
}

export function registerErrorHandlers (app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | IdentityError, request, reply) => {
    // Fastify parses the body even on its way to the not-found handler (a QUERY without a
    // content type fails there): with no route to take it, "no such route" is the answer.
    if (request.is404) return notFound(app, request, reply)
    if (error instanceof IdentityError) {
      const statusCode = STATUS_BY_CODE[error.code]
      if (statusCode === 503) {
        // A dead request's lock in the way: come back when its lease has run out.
        const seconds = error.retryAfterMs === undefined
          ? (error.code === ErrorCodes.DATABASE_UNAVAILABLE ? RETRY_AFTER_SECONDS.unavailable : RETRY_AFTER_SECONDS.busy)
          : Math.ceil(error.retryAfterMs / 1000)
        reply.header('retry-after', seconds)
        request.log.warn({ err: error, code: error.code }, error.message)
      }
      if (statusCode >= 500 && statusCode !== 503) {
        request.log.error({ err: error }, 'request failed')
        return send(reply, statusCode, error.code, 'Internal Server Error')
      }
      return send(reply, statusCode, error.code, error.message)
    }
    const statusCode = error.statusCode ?? 500
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
      return send(reply, 500, 'INTERNAL_ERROR', 'Internal Server Error')
    }
    // Fastify says only "Unsupported Media Type": tell the caller what to send instead.
    const message = statusCode === 415 ? 'Unsupported Media Type: send a JSON body with Content-Type: application/json' : error.message
    return send(reply, statusCode, error.code ?? 'BAD_REQUEST', message)
  })

  app.setNotFoundHandler((request, reply) => notFound(app, request, reply))
}

/**
 * No route for this method and path. A path the API has, asked with a method it does not answer
 * there, is a 405 (RFC 9110 15.5.6) whose Allow says what would work; anything else is a 404.
 */
function notFound (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url
  const allowed = app.allowedMethods(path)
  if (allowed.length === 0) return send(reply, 404, 'ROUTE_NOT_FOUND', `Route ${request.method}:${path} not found`)
  reply.header('allow', allowed.join(', '))
  return send(reply, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`)
}
