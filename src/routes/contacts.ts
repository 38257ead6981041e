// GET /contacts/:id: the identity that a contact belongs to, by primary or secondary id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ContactParamsSchema, ErrorSchema } from './schemas.js'
import { identityResponseSchema, presentIdentity } from './identity-shape.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'

/**
 * A contact id from a path or query parameter already checked to be a positive integer.
 * @throws IdentityError CONTACT_NOT_FOUND past 2^53: larger than any id handed out.
 */
export function contactId (raw: string): number {
  const id = Number(raw)
  if (!Number.isSafeInteger(id)) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact with id ${raw}`)
  return id
}

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shape = app.config.RESPONSE_SHAPE

  app.get('/contacts/:id', {
    schema: {
      summary: 'The identity of the cluster that a contact belongs to',
      description: 'A contact whose identity was erased answers 410 CONTACT_ERASED: its id still resolves, to nothing but that fact.',
      tags: ['identity'],
      params: ContactParamsSchema,
      response: { 200: identityResponseSchema(shape), 400: ErrorSchema, 404: ErrorSchema, 410: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
    }
  }, async (request) => presentIdentity(await app.identity.getIdentity(contactId(request.params.id)), shape))
}
