// Admin routes (blocklist, held merges, undo): only with ADMIN_TOKEN configured, behind its bearer token.
import bearerAuth from '@fastify/bearer-auth'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DateTimeSchema, PageQuerySchema, pageOf, ViaSchema } from './event-schemas.js'
import { EMAIL_PATTERN, ErrorSchema, IdentitySchema, PHONE_PATTERN } from './schemas.js'
import type { EventOrigin } from '../identity/events.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Field = Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')])

const RuleSchema = Type.Object({
  id: Type.String(),
  field: Field,
  match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]),
  value: Type.String({ description: 'An exact value in its normalised form, or an RE2 regular expression (no backreferences or lookaround) tested against normalised values in linear time.' }),
  builtIn: Type.Boolean(),
  createdAt: Type.Union([DateTimeSchema, Type.Null()]),
  actor: Nullable(Type.String())
}, { examples: [{ id: 'builtin-keyboard-run-phone', field: 'phoneNumber', match: 'pattern', value: '^\\+?(1234567890|0123456789)$', builtIn: true, createdAt: null, actor: null }] })

const HoldSchema = Type.Object({
  id: Type.Integer({ description: 'The id of its merge.held event.' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  reason: Type.Union([Type.Literal('identity-size'), Type.Literal('generic-identifier')]),
  join: Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()) }, { description: "The latest held request's email and phone: what approving joins." }),
  primaryIds: Type.Array(Type.Integer()),
  hub: Type.Integer({ description: 'The identity (primary id) whose held requests this hold gathers while pending: the largest one they would join.' }),
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

  app.get('/admin/blocklist', {
    schema: { summary: 'The blocklist: built-in rules and those operators added', tags: ['admin'], security, response: { 200: Type.Object({ rules: Type.Array(RuleSchema) }), 401: ErrorSchema } }
  }, async () => ({ rules: [...app.blocklist.blocklist().rules] }))

  app.post('/admin/blocklist', {
    schema: {
      summary: 'Block an exact value or a pattern: it is treated as not given and never stored',
      description: 'Every instance applies it within BLOCKLIST_REFRESH_MS. Patterns are RE2 syntax, matched in time linear in the value whatever they are; ' +
        'one that does not compile, or compiles too big, is refused (400 INVALID_PATTERN); past BLOCKLIST_PATTERN_LIMIT pattern rules, 409 PATTERN_LIMIT.',
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
      summary: 'Merges held by a guardrail, oldest first, a page at a time',
      description: 'Page with `after` = the `next` of the previous page. One pending hold per hub identity gathers its held requests (`count`, and the latest evidence in `join`).',
      tags: ['admin'],
      security,
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])),
        ...PageQuerySchema.properties
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ holds: Type.Array(HoldSchema), next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `after` of the next page; null at the end.' }) }), ...errors }
    }
  }, async (request) => await app.holds.list({ ...pageOf(request.query), status: request.query.status }))

  app.post('/admin/holds/:id/approve', {
    schema: {
      summary: 'Approve a held merge: exactly what it names is merged now, as rule 3 says',
      description: 'Refused (409 HOLD_STALE, the message says what changed) when its identities were split, erased or merged elsewhere since, or one of its identifiers is now blocked; ' +
        '409 HOLD_DECIDED when it was approved or rejected already (approve and reject of one hold: exactly one wins). With `dryRun=true`, answers what approving would do and writes nothing.',
      tags: ['admin'],
      security,
      params: IdParams,
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false }),
      response: { 200: ApproveResultSchema, ...errors }
    }
  }, async (request) => {
    const dryRun = request.query.dryRun === 'true'
    const approved = await app.holds.approve(Number(request.params.id), { dryRun }, adminOrigin(request))
    if (!dryRun) app.metrics.hold('approved')
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
