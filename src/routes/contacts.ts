// GET /contacts/:id: the identity that a contact belongs to, by primary or secondary id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ContactParamsSchema, ErrorSchema } from './schemas.js'
import { identityResponseSchema, presentIdentity } from './identity-shape.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shape = app.config.RESPONSE_SHAPE

  app.get('/contacts/:id', {
    schema: {
      summary: 'The identity of the cluster that a contact belongs to',
      tags: ['identity'],
      params: ContactParamsSchema,
      response: { 200: identityResponseSchema(shape), 400: ErrorSchema, 404: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
    }
  }, async (request) => {
    const id = Number(request.params.id)
    // Larger than any id the counter can hand out exactly: no such contact.
    if (!Number.isSafeInteger(id)) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact with id ${request.params.id}`)
    return presentIdentity(await app.identity.getIdentity(id), shape)
  })
}
