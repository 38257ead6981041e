// The one place where errors become HTTP answers: domain codes to statuses, internals to the log.
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { ErrorCodes, IdentityError, type ErrorCode } from '../identity/errors.js'

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCodes.MISSING_CONTACT_FIELDS]: 400,
  [ErrorCodes.INVALID_EMAIL]: 400,
  [ErrorCodes.INVALID_PHONE_NUMBER]: 400,
  [ErrorCodes.CONTACT_NOT_FOUND]: 404,
  [ErrorCodes.IDENTITY_BUSY]: 503,
  [ErrorCodes.DATABASE_UNAVAILABLE]: 503,
  // Never returned: the service retries them and answers IDENTITY_BUSY when it gives up.
  [ErrorCodes.LOCK_BUSY]: 503,
  [ErrorCodes.WRITE_CONFLICT]: 503,
  [ErrorCodes.BROKEN_LINKS]: 500
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
    if (error instanceof IdentityError) {
      const statusCode = STATUS_BY_CODE[error.code]
      if (statusCode === 503) {
        reply.header('retry-after', error.code === ErrorCodes.DATABASE_UNAVAILABLE ? RETRY_AFTER_SECONDS.unavailable : RETRY_AFTER_SECONDS.busy)
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

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'ROUTE_NOT_FOUND', `Route ${request.method}:${request.url.split('?')[0]} not found`))
}
