// What the admin route families share: the actor of an admin request, error responses, the security note.
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ErrorSchema } from './schemas.js'
import type { EventOrigin } from '../identity/model/events.js'

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
export const FieldSchema = Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')])

export const adminErrors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
export const security = [{ bearerAuth: [] }]

/** Who acted: the operator named in `x-operator`, else "admin" (the token is shared). */
export function adminOrigin (request: FastifyRequest): EventOrigin {
  const operator = request.headers['x-operator']
  return { requestId: request.id, actor: typeof operator === 'string' && operator.trim() !== '' ? operator.trim().slice(0, 100) : 'admin' }
}
