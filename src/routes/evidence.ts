// The evidence log over HTTP: an identity's history, why two contacts are one, its evidence graph.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { contactId } from './contacts.js'
import { EventPageSchema, EvidenceGraphSchema, ExplanationSchema, PageQuerySchema, pageOf } from './event-schemas.js'
import { ContactParamsSchema, ErrorSchema } from './schemas.js'
import type { IdentityEvent } from '../identity/model/events.js'

// 410: the contact's identity was erased.
const errors = { 400: ErrorSchema, 404: ErrorSchema, 410: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }

/** A page of events and the cursor of the next one. */
function page (events: IdentityEvent[], limit: number) {
  return { events, next: events.length === limit ? events.at(-1)!.id : null }
}

export const evidenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/contacts/:id/history', {
    schema: {
      summary: "The events of a contact's identity, those of identities merged into it included, oldest first",
      tags: ['evidence'],
      params: ContactParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: EventPageSchema, ...errors }
    }
  }, async (request) => {
    const query = pageOf(request.query)
    return page(await app.evidence.history(contactId(request.params.id), query), query.limit)
  })

  app.get('/contacts/:id/explain', {
    schema: {
      summary: 'The shortest chain of evidence that makes two contacts one identity',
      tags: ['evidence'],
      params: ContactParamsSchema,
      querystring: Type.Object({
        with: Type.String({ pattern: '^[1-9][0-9]*$', description: 'a positive integer: the other contact', examples: ['2'] })
      }, { additionalProperties: false }),
      response: { 200: ExplanationSchema, 409: ErrorSchema, ...errors }
    }
  }, async (request) => {
    const from = contactId(request.params.id)
    const to = contactId(request.query.with)
    return { from, to, ...await app.evidence.explain(from, to) }
  })

  app.get('/contacts/:id/evidence', {
    schema: {
      summary: "A contact's identity as a graph: its contacts, and each piece of evidence with the contacts it links",
      tags: ['evidence'],
      params: ContactParamsSchema,
      response: { 200: EvidenceGraphSchema, ...errors }
    }
  }, async (request) => await app.evidence.evidence(contactId(request.params.id)))
}
