// Admin routes of the merges a guardrail held: list (paged), approve (after its dry run), reject.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DateTimeSchema, PageQuerySchema, pageOf } from './event-schemas.js'
import { IdentitySchema } from './schemas.js'
import { requestOrigin } from '../access/caller.js'
import { adminErrors, Nullable } from './admin-shared.js'

const HoldSchema = Type.Object({
  id: Type.Integer({ description: 'Its id, named by the merge.held event that opened it.' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  reason: Type.Union([Type.Literal('identity-size'), Type.Literal('generic-identifier')]),
  join: Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()) }, { description: "The latest held request's email and phone: what approving joins." }),
  primaryIds: Type.Array(Type.Integer()),
  hub: Type.Integer({ description: 'The identity (primary id) whose held requests this hold gathers while pending: the one they are answered with (holding their email, else their phone).' }),
  count: Type.Integer({ description: 'Held requests gathered: the first opened it, each later one for the same hub replaced `join` and `primaryIds` with its own.' }),
  requestId: Nullable(Type.String({ description: 'The request that opened it.' })),
  createdAt: DateTimeSchema,
  lastHeldAt: DateTimeSchema,
  decidedAt: Type.Union([DateTimeSchema, Type.Null()]),
  decidedBy: Nullable(Type.String())
}, {
  examples: [{
    id: 12, status: 'pending', reason: 'identity-size', join: { email: 'caller@x.io', phoneNumber: '+14155550100' }, primaryIds: [1, 7], hub: 1, count: 3, requestId: 'f3a…', createdAt: '2026-11-30T10:00:00.000Z', lastHeldAt: '2026-11-30T10:05:00.000Z', decidedAt: null, decidedBy: null
  }]
})

const ApproveResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  hold: HoldSchema,
  identity: Type.Object(IdentitySchema.properties, { description: 'The identity the approval made; in a dry run, the one it would make (a contact it would create is in the emails and phones, not yet in the ids).' }),
  preview: Type.Union([Type.Object({
    outcome: Type.String(),
    create: Type.Union([Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()), linkedId: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
    demote: Type.Array(Type.Integer(), { description: 'Primaries it would make secondaries.' }),
    relink: Type.Array(Type.Integer(), { description: 'Secondaries it would re-point.' })
  }), Type.Null()], { description: 'A dry run: what approving would write; null when it was done.' })
})

const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer', examples: ['12'] }) })

export const adminHoldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin/holds', {
    schema: {
      summary: 'Merges held by a guardrail, oldest first, a page at a time',
      description: 'Page with `after` = the `next` of the previous page. One pending hold per hub identity gathers its held requests (`count`, and the latest evidence in `join`).',
      tags: ['admin'],
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])),
        ...PageQuerySchema.properties
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ holds: Type.Array(HoldSchema), next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `after` of the next page; null at the end.' }) }), ...adminErrors }
    }
  }, async (request) => await app.holds.list({ ...pageOf(request.query), status: request.query.status }))

  app.post('/admin/holds/:id/approve', {
    schema: {
      summary: 'Approve a held merge: exactly what it names is merged now, as rule 3 says',
      description: 'Refused (409 HOLD_STALE, the message says what changed) when its identities were split, erased or merged elsewhere since, or one of its identifiers is now blocked; ' +
        '409 HOLD_DECIDED when it was approved or rejected already (approve and reject of one hold: exactly one wins). With `dryRun=true`, answers what approving would do and writes nothing.',
      tags: ['admin'],
      params: IdParams,
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false }),
      response: { 200: ApproveResultSchema, ...adminErrors }
    }
  }, async (request) => {
    const dryRun = request.query.dryRun === 'true'
    const approved = await app.holds.approve(Number(request.params.id), { dryRun }, requestOrigin(request))
    if (!dryRun) app.metrics.hold('approved')
    return approved
  })

  app.post('/admin/holds/:id/reject', {
    schema: {
      summary: 'Reject a held merge: the identities stay apart, and the same evidence is not held again',
      tags: ['admin'],
      params: IdParams,
      response: { 200: Type.Object({ hold: HoldSchema }), ...adminErrors }
    }
  }, async (request) => {
    const hold = await app.holds.reject(Number(request.params.id), requestOrigin(request))
    app.metrics.hold('rejected')
    return { hold }
  })
}
