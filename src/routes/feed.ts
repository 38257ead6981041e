// GET /events: the feed of every change for other services, by cursor, with a long poll and a type filter.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { EventType } from '../identity/model/events.js'
import { FeedPageSchema, FeedQuerySchema } from './event-schemas.js'
import { ErrorSchema } from './schemas.js'

export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Waiting requests answer at once when the server closes, instead of holding the shutdown up.
  const closing = new AbortController()
  app.addHook('preClose', async () => { closing.abort() })

  app.get('/events', {
    schema: {
      summary: 'Every change to the identities, in id order: a feed for other services',
      description: 'Continue with `after` = the `next` of the previous answer, whatever it held. `after=latest` starts ' +
        'from now; `wait` (seconds) answers as soon as an event arrives; `types` keeps only some types. ' +
        'A consumer that pages from 0 while writes go on sees every event once, in id order. ' +
        'Consumers must ignore event types they do not know, and apply each event once (by its id).',
      tags: ['evidence'],
      querystring: FeedQuerySchema,
      response: { 200: FeedPageSchema, 400: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
    }
  }, async (request, reply) => {
    const { after, limit, wait, types } = request.query
    // The client gone: 'close' on the response comes before it is sent only when the connection dropped.
    const gone = new AbortController()
    reply.raw.once('close', () => { gone.abort() })
    const page = await app.feed.read({
      after: after === 'latest' ? 'latest' : Number(after ?? 0),
      limit: Number(limit ?? 100),
      types: types === undefined ? undefined : types.split(',') as EventType[],
      waitMs: Number(wait ?? 0) * 1000
    }, AbortSignal.any([gone.signal, closing.signal]))
    // The server is closing: a kept-alive connection would hold the close up until it idles out.
    if (closing.signal.aborted) reply.header('connection', 'close')
    return page
  })
}
