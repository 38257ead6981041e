// GET /identities: the identities that hold an email or a phone, looked up without writing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorSchema, IdentifiersQuerySchema, IdentitySchema } from './schemas.js'

export const identitiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/identities', {
    schema: {
      summary: 'The identities (0, 1 or 2) that hold an email or a phone number; writes nothing',
      description: 'Same normalisation and 400s as POST /identify. Two identities when the email is in one and the phone in another (a call to /identify would merge them).',
      tags: ['identity'],
      querystring: IdentifiersQuerySchema,
      response: {
        200: Type.Object({ identities: Type.Array(IdentitySchema) }, {
          examples: [{ identities: [{ primaryContactId: 1, emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'], phoneNumbers: ['123456'], secondaryContactIds: [2] }] }]
        }),
        400: ErrorSchema,
        500: ErrorSchema,
        503: ErrorSchema
      }
    }
  }, async (request) => ({ identities: await app.identity.lookup(request.query) }))
}
