// POST /identify: link the caller's email and phone into one identity and answer with it; with
// ?dryRun=true, say what that would do and write nothing.
import { requestOrigin } from '../access/caller.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorSchema, IdentifyBodySchema, IdentitySchema } from './schemas.js'
import { identifyResponseSchema, presentIdentify } from './identity-shape.js'
import type { IdentifyOutcome } from '../identity/rules/reconcile.js'

const Nullable = Type.Union([Type.String(), Type.Null()])

export const PreviewSchema = Type.Object({
  dryRun: Type.Literal(true),
  outcome: Type.Unsafe<IdentifyOutcome>({ type: 'string', enum: ['unchanged', 'created-primary', 'created-secondary', 'merged', 'repaired'] }),
  create: Type.Union([Type.Object({ email: Nullable, phoneNumber: Nullable, linkedId: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()],
    { description: 'The contact it would create; its id is allocated only when it is written.' }),
  demote: Type.Array(Type.Integer(), { description: 'Primaries it would make secondaries.' }),
  relink: Type.Array(Type.Integer(), { description: 'Secondaries it would re-point to the surviving primary.' }),
  identity: Type.Object(IdentitySchema.properties, { description: 'The identity it would answer (primaryContactId 0: a new contact would be the primary).' })
}, {
  examples: [{
    dryRun: true,
    outcome: 'merged',
    create: null,
    demote: [2],
    relink: [],
    identity: { primaryContactId: 1, emails: ['george@hillvalley.edu', 'biffsucks@hillvalley.edu'], phoneNumbers: ['919191', '717171'], secondaryContactIds: [2] }
  }]
})

export const identifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shape = app.config.RESPONSE_SHAPE
  const logContactDetails = app.config.LOG_CONTACT_DETAILS

  app.post('/identify', {
    bodyLimit: app.config.BODY_LIMIT_BYTES,
    schema: {
      summary: 'Link an email and/or phone number into one identity and return it',
      description: 'With `dryRun=true`, answers what the call would do now (outcome, contacts it would create, demote or re-point, the identity) and writes nothing.',
      tags: ['identity'],
      // Query strings are not coerced (the app validates types strictly): the flag is checked as text.
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false }),
      body: IdentifyBodySchema,
      response: {
        // The identity, or with dryRun=true the preview; the identity's example comes first.
        200: Type.Union([identifyResponseSchema(shape), PreviewSchema], { examples: (identifyResponseSchema(shape) as { examples?: unknown[] }).examples }),
        202: identifyResponseSchema(shape),
        400: ErrorSchema,
        413: ErrorSchema,
        415: ErrorSchema,
        422: ErrorSchema,
        500: ErrorSchema,
        503: ErrorSchema
      }
    }
  }, async (request, reply) => {
    if (logContactDetails) Object.assign(request.logFields, { email: request.body.email, phoneNumber: request.body.phoneNumber })
    if (request.query.dryRun === 'true') {
      const preview = await app.identity.previewIdentify(request.body)
      Object.assign(request.logFields, { dryRun: true, outcome: preview.outcome })
      return { dryRun: true as const, ...preview }
    }
    const result = await app.identity.identify(request.body, requestOrigin(request))
    const { identity, outcome, attempts, ignored, held } = result
    app.metrics.identifyOutcome(outcome, ignored.length)
    if (held?.created === true) app.metrics.hold('created')
    Object.assign(request.logFields, {
      outcome,
      attempts,
      primaryContactId: identity.primaryContactId,
      clusterSize: identity.secondaryContactIds.length + 1,
      ...(ignored.length > 0 ? { ignored: ignored.map(i => i.reason === 'blocked' ? i.ruleId : i.reason) } : {}),
      ...(held === null ? {} : { holdId: held.holdId })
    })
    // 202: the merge asked for is held, not made; the identity is still one the caller can use.
    if (held !== null) reply.code(202)
    return presentIdentify(result, shape)
  })
}
