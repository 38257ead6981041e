// GET /events: the feed of every change to the identities, for other services.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EventPageSchema, PageQuerySchema, pageOf } from './event-schemas.js'
import { page } from './evidence.js'
import { ErrorSchema } from './schemas.js'

export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events', {
    schema: {
      summary: 'Every change to the identities, in id order: a feed for other services',
      description: 'Page with `after` = the `next` of the previous page. A consumer that pages from 0 while writes go on sees every event once, in id order.',
      tags: ['evidence'],
      querystring: PageQuerySchema,
      response: { 200: EventPageSchema, 400: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
    }
  }, async (request) => {
    const query = pageOf(request.query)
    return page(await app.evidence.feed(query), query.limit)
  })
}
