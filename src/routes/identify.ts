// POST /identify: link the caller's email and phone into one identity and answer with it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorSchema, IdentifyBodySchema } from './schemas.js'
import { identityResponseSchema, presentIdentity } from './identity-shape.js'

export const identifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shape = app.config.RESPONSE_SHAPE
  const logContactDetails = app.config.LOG_CONTACT_DETAILS

  app.post('/identify', {
    bodyLimit: app.config.BODY_LIMIT_BYTES,
    schema: {
      summary: 'Link an email and/or phone number into one identity and return it',
      tags: ['identity'],
      body: IdentifyBodySchema,
      response: { 200: identityResponseSchema(shape), 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
    }
  }, async (request) => {
    const { identity, outcome, attempts } = await app.identity.identify(request.body)
    app.metrics.identifyOutcome(outcome)
    Object.assign(request.logFields, {
      outcome,
      attempts,
      primaryContactId: identity.primaryContactId,
      clusterSize: identity.secondaryContactIds.length + 1,
      ...(logContactDetails ? { email: request.body.email, phoneNumber: request.body.phoneNumber } : {})
    })
    return presentIdentity(identity, shape)
  })
}
