// Admin routes of the merges a guardrail held: list, approve, reject.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DateTimeSchema } from './event-schemas.js'
import { IdentitySchema } from './schemas.js'
import { adminErrors, adminOrigin, Nullable, security } from './admin-shared.js'

const HoldSchema = Type.Object({
  id: Type.Integer({ description: 'The id of its merge.held event.' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  reason: Type.Union([Type.Literal('identity-size'), Type.Literal('generic-identifier')]),
  join: Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()) }),
  primaryIds: Type.Array(Type.Integer()),
  requestId: Nullable(Type.String()),
  createdAt: DateTimeSchema,
  decidedAt: Type.Union([DateTimeSchema, Type.Null()]),
  decidedBy: Nullable(Type.String())
}, {
  examples: [{
    id: 12, status: 'pending', reason: 'identity-size', join: { email: 'caller@x.io', phoneNumber: '+14155550100' }, primaryIds: [1, 7], requestId: 'f3a…', createdAt: '2026-11-30T10:00:00.000Z', decidedAt: null, decidedBy: null
  }]
})

const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer', examples: ['12'] }) })

export const adminHoldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin/holds', {
    schema: {
      summary: 'Merges held by a guardrail, oldest first',
      tags: ['admin'],
      security,
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) }, { additionalProperties: false }),
      response: { 200: Type.Object({ holds: Type.Array(HoldSchema) }), ...adminErrors }
    }
  }, async (request) => ({ holds: await app.holds.list(request.query.status) }))

  app.post('/admin/holds/:id/approve', {
    schema: {
      summary: 'Approve a held merge: it happens now, as rule 3 says',
      tags: ['admin'],
      security,
      params: IdParams,
      response: { 200: Type.Object({ hold: HoldSchema, identity: IdentitySchema }), ...adminErrors }
    }
  }, async (request) => {
    const approved = await app.holds.approve(Number(request.params.id), adminOrigin(request))
    app.metrics.hold('approved')
    return approved
  })

  app.post('/admin/holds/:id/reject', {
    schema: {
      summary: 'Reject a held merge: the identities stay apart, and the same evidence is not held again',
      tags: ['admin'],
      security,
      params: IdParams,
      response: { 200: Type.Object({ hold: HoldSchema }), ...adminErrors }
    }
  }, async (request) => {
    const hold = await app.holds.reject(Number(request.params.id), adminOrigin(request))
    app.metrics.hold('rejected')
    return { hold }
  })
}
