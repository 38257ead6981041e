// Admin routes (blocklist, held merges, undo, erasure): only with ADMIN_TOKEN configured, behind its bearer token.
import bearerAuth from '@fastify/bearer-auth'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DateTimeSchema, ViaSchema } from './event-schemas.js'
import { EMAIL_PATTERN, ErrorSchema, IdentitySchema, PHONE_PATTERN } from './schemas.js'
import type { EventOrigin } from '../identity/events.js'
import { adminEraseRoutes } from './admin-erase.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Field = Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')])

const RuleSchema = Type.Object({
  id: Type.String(),
  field: Field,
  match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]),
  value: Type.String({ description: 'An exact value in its normalised form, or a JavaScript regular expression tested against normalised values.' }),
  builtIn: Type.Boolean(),
  createdAt: Type.Union([DateTimeSchema, Type.Null()]),
  actor: Nullable(Type.String())
}, { examples: [{ id: 'builtin-repeated-digit-phone', field: 'phoneNumber', match: 'pattern', value: '^\\+?(\\d)\\1{3,}$', builtIn: true, createdAt: null, actor: null }] })

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

const UndoResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  undone: Type.Object({ kind: Type.Union([Type.Literal('merge'), Type.Literal('identifier')]), eventId: Type.Optional(Type.Integer()), field: Type.Optional(Field), value: Type.Optional(Type.String()) }),
  before: Type.Array(IdentitySchema, { description: 'The identities that held the evidence.' }),
  after: Type.Array(IdentitySchema, { description: 'The identities the evidence left makes.' }),
  split: Type.Boolean(),
  stillJoinedBy: Type.Union([Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), via: ViaSchema })), Type.Null()]),
  eventId: Type.Union([Type.Integer(), Type.Null()], { description: 'The identity.split or link.undone event; null in a dry run.' })
}, {
  examples: [{
    dryRun: true,
    undone: { kind: 'merge', eventId: 7 },
    before: [{ primaryContactId: 1, emails: ['george@hillvalley.edu', 'biffsucks@hillvalley.edu'], phoneNumbers: ['919191', '717171'], secondaryContactIds: [2] }],
    after: [
      { primaryContactId: 1, emails: ['george@hillvalley.edu'], phoneNumbers: ['919191'], secondaryContactIds: [] },
      { primaryContactId: 2, emails: ['biffsucks@hillvalley.edu'], phoneNumbers: ['717171'], secondaryContactIds: [] }
    ],
    split: true,
    stillJoinedBy: null,
    eventId: null
  }]
})

const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer', examples: ['12'] }) })
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
const security = [{ bearerAuth: [] }]

/** Who acted: the operator named in `x-operator`, else "admin" (the token is shared). */
function adminOrigin (request: FastifyRequest): EventOrigin {
  const operator = request.headers['x-operator']
  return { requestId: request.id, actor: typeof operator === 'string' && operator.trim() !== '' ? operator.trim().slice(0, 100) : 'admin' }
}

export const adminRoutes: FastifyPluginAsyncTypebox<{ token: string }> = async (app, { token }) => {
  // Constant-time comparison of the token, on every route of this plugin (and only these).
  await app.register(bearerAuth, {
    keys: new Set([token]),
    verifyErrorLogLevel: 'warn',
    errorResponse: (error: Error) => ({ statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized', message: error.message })
  })

  await app.register(adminEraseRoutes, { origin: adminOrigin })

  app.get('/admin/blocklist', {
    schema: { summary: 'The blocklist: built-in rules and those operators added', tags: ['admin'], security, response: { 200: Type.Object({ rules: Type.Array(RuleSchema) }), 401: ErrorSchema } }
  }, async () => ({ rules: [...app.blocklist.blocklist().rules] }))

  app.post('/admin/blocklist', {
    schema: {
      summary: 'Block an exact value or a pattern: it is treated as not given and never stored',
      description: 'Every instance applies it within BLOCKLIST_REFRESH_MS. A pattern that is not a regular expression, or that could take catastrophic time, is refused (400 INVALID_PATTERN).',
      tags: ['admin'],
      security,
      body: Type.Object({ field: Field, match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]), value: Type.String({ minLength: 1, maxLength: 254 }) },
        { additionalProperties: false, examples: [{ field: 'phoneNumber', match: 'exact', value: '+1 800 555 0199' }] }),
      response: { 201: Type.Object({ rule: RuleSchema }), ...errors }
    }
  }, async (request, reply) => {
    const rule = await app.blocklist.add(request.body, adminOrigin(request))
    return await reply.code(201).send({ rule })
  })

  app.delete('/admin/blocklist/:id', {
    schema: {
      summary: 'Remove a rule an operator added',
      tags: ['admin'],
      security,
      params: Type.Object({ id: Type.String({ maxLength: 64, description: 'a rule id, e.g. rule-…' }) }),
      response: { 204: Type.Null(), ...errors }
    }
  }, async (request, reply) => {
    await app.blocklist.remove(request.params.id, adminOrigin(request))
    return await reply.code(204).send(null)
  })

  app.get('/admin/holds', {
    schema: {
      summary: 'Merges held by a guardrail, oldest first',
      tags: ['admin'],
      security,
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) }, { additionalProperties: false }),
      response: { 200: Type.Object({ holds: Type.Array(HoldSchema) }), ...errors }
    }
  }, async (request) => ({ holds: await app.holds.list(request.query.status) }))

  app.post('/admin/holds/:id/approve', {
    schema: {
      summary: 'Approve a held merge: it happens now, as rule 3 says',
      tags: ['admin'],
      security,
      params: IdParams,
      response: { 200: Type.Object({ hold: HoldSchema, identity: IdentitySchema }), ...errors }
    }
  }, async (request) => {
    const approved = await app.holds.approve(Number(request.params.id), adminOrigin(request))
    app.metrics.hold('approved')
    return approved
  })

  app.post('/admin/undo', {
    schema: {
      summary: 'Undo one merge, or every link through a blocked identifier: identities recomputed from the evidence left',
      description: 'Each connected component of the evidence left becomes an identity whose oldest contact is primary; nothing is deleted. ' +
        'With `dryRun=true`, answers what it would do and writes nothing. When other evidence still joins them, nothing splits and `stillJoinedBy` names it. ' +
        'Undone evidence stays undone; a later request that joins them again is new evidence (block the identifier when such requests keep coming).',
      tags: ['admin'],
      security,
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false }),
      body: Type.Union([
        Type.Object({ eventId: Type.Integer({ minimum: 1, description: 'a merge event: identities.merged, merge.approved or links.backfilled' }) }, { additionalProperties: false }),
        Type.Object({ email: Type.String({ pattern: EMAIL_PATTERN, description: 'a blocked email: every link through it' }) }, { additionalProperties: false }),
        Type.Object({ phoneNumber: Type.String({ pattern: PHONE_PATTERN, description: 'a blocked phone: every link through it' }) }, { additionalProperties: false })
      ], { examples: [{ eventId: 7 }] }),
      response: { 200: UndoResultSchema, ...errors }
    }
  }, async (request) => await app.undo.undo(request.body, { dryRun: request.query.dryRun === 'true' }, adminOrigin(request)))

  app.post('/admin/holds/:id/reject', {
    schema: {
      summary: 'Reject a held merge: the identities stay apart, and the same evidence is not held again',
      tags: ['admin'],
      security,
      params: IdParams,
      response: { 200: Type.Object({ hold: HoldSchema }), ...errors }
    }
  }, async (request) => {
    const hold = await app.holds.reject(Number(request.params.id), adminOrigin(request))
    app.metrics.hold('rejected')
    return { hold }
  })
}
