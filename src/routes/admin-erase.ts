// Admin routes of erasure: erase the person behind a contact, email or phone (dry run first), and lift a suppression.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requestOrigin } from '../access/caller.js'
import { adminErrors } from './admin-shared.js'
import { EMAIL_PATTERN, ErrorSchema, IdentitySchema, PHONE_PATTERN } from './schemas.js'

const Suppress = Type.Optional(Type.Boolean({ description: 'Keep a keyed hash of each erased email and phone, so that later requests naming one ignore it (default true; needs ERASURE_SECRET).' }))

const ErasureResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  identity: Type.Object(IdentitySchema.properties, { description: 'The identity erased (or that would be): every email and phone in it goes.' }),
  contactIds: Type.Array(Type.Integer(), { description: 'Contacts that stay as ids, emptied, with deletedAt set: GET /contacts/:id answers 410.' }),
  eventIds: Type.Array(Type.Integer(), { description: 'Events whose causes or joins name the identifiers: rewritten without them.' }),
  holdIds: Type.Array(Type.Integer(), { description: 'Held merges (any status) that name the identifiers or the identity; a pending one can only be rejected afterwards.' }),
  suppressed: Type.Boolean(),
  eventId: Type.Union([Type.Integer(), Type.Null()], { description: 'The identity.erased event; null in a dry run.' })
}, {
  examples: [{
    dryRun: true,
    identity: { primaryContactId: 1, emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'], phoneNumbers: ['123456'], secondaryContactIds: [2] },
    contactIds: [1, 2],
    eventIds: [1, 2],
    holdIds: [],
    suppressed: true,
    eventId: null
  }]
})

const IdentifierSchema = Type.Union([
  Type.Object({ email: Type.String({ pattern: EMAIL_PATTERN }) }, { additionalProperties: false }),
  Type.Object({ phoneNumber: Type.String({ pattern: PHONE_PATTERN }) }, { additionalProperties: false })
], { examples: [{ email: 'lorraine@hillvalley.edu' }] })
const errors = { ...adminErrors, 410: ErrorSchema }

export const adminEraseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/admin/erase', {
    schema: {
      summary: 'Erase the person behind a contact id, an email or a phone: the whole identity that holds it',
      description: 'Every email and phone of the identity leaves every collection (contacts, the events\' causes and joins, locks, holds); the contacts stay as ids with deletedAt set ' +
        '(GET /contacts/:id answers 410 CONTACT_ERASED), and an identity.erased event (ids only) tells feed consumers to erase too. ' +
        'With `dryRun=true`, answers what it would erase and writes nothing. Without ERASURE_SECRET, suppression is unavailable (409 SUPPRESSION_UNAVAILABLE): send `"suppress": false` to erase without it.',
      tags: ['admin'],
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false }),
      body: Type.Union([
        Type.Object({ contactId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'any contact of the identity' }), suppress: Suppress }, { additionalProperties: false }),
        Type.Object({ email: Type.String({ pattern: EMAIL_PATTERN }), suppress: Suppress }, { additionalProperties: false }),
        Type.Object({ phoneNumber: Type.String({ pattern: PHONE_PATTERN }), suppress: Suppress }, { additionalProperties: false })
      ], { examples: [{ contactId: 1 }] }),
      response: { 200: ErasureResultSchema, ...errors }
    }
  }, async (request) => {
    const result = await app.erasure.erase(request.body, { dryRun: request.query.dryRun === 'true' }, requestOrigin(request))
    // Ids only: the identifiers themselves stay out of the logs.
    Object.assign(request.logFields, { dryRun: result.dryRun, erasedPrimaryId: result.identity.primaryContactId, erasedContacts: result.contactIds.length })
    return result
  })

  app.post('/admin/erase/lift', {
    schema: {
      summary: 'Lift the suppression of an erased email or phone: requests may store it again',
      tags: ['admin'],
      body: IdentifierSchema,
      response: { 204: Type.Null(), ...errors }
    }
  }, async (request, reply) => {
    await app.erasure.lift(request.body)
    return await reply.code(204).send(null)
  })
}
