// Admin route of undo: one merge, or every link through a blocked identifier.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ViaSchema } from './event-schemas.js'
import { EMAIL_PATTERN, IdentitySchema, PHONE_PATTERN } from './schemas.js'
import { adminErrors, adminOrigin, FieldSchema, security } from './admin-shared.js'

const UndoResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  undone: Type.Object({ kind: Type.Union([Type.Literal('merge'), Type.Literal('identifier')]), eventId: Type.Optional(Type.Integer()), field: Type.Optional(FieldSchema), value: Type.Optional(Type.String()) }),
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

export const adminUndoRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
      response: { 200: UndoResultSchema, ...adminErrors }
    }
  }, async (request) => await app.undo.undo(request.body, { dryRun: request.query.dryRun === 'true' }, adminOrigin(request)))
}
