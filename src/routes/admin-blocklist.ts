// Admin routes of the blocklist: list, add and remove rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DateTimeSchema } from './event-schemas.js'
import { ErrorSchema } from './schemas.js'
import { adminErrors, adminOrigin, FieldSchema, Nullable, security } from './admin-shared.js'

const RuleSchema = Type.Object({
  id: Type.String(),
  field: FieldSchema,
  match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]),
  value: Type.String({ description: 'An exact value in its normalised form, or a JavaScript regular expression tested against normalised values.' }),
  builtIn: Type.Boolean(),
  createdAt: Type.Union([DateTimeSchema, Type.Null()]),
  actor: Nullable(Type.String())
}, { examples: [{ id: 'builtin-repeated-digit-phone', field: 'phoneNumber', match: 'pattern', value: '^\\+?(\\d)\\1{3,}$', builtIn: true, createdAt: null, actor: null }] })

export const adminBlocklistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin/blocklist', {
    schema: { summary: 'The blocklist: built-in rules and those operators added', tags: ['admin'], security, response: { 200: Type.Object({ rules: Type.Array(RuleSchema) }), 401: ErrorSchema } }
  }, async () => ({ rules: [...app.blocklist.blocklist().rules] }))

  app.post('/admin/blocklist', {
    schema: {
      summary: 'Block an exact value or a pattern: it is treated as not given and never stored',
      description: 'Every instance applies it within BLOCKLIST_REFRESH_MS. A pattern that is not a regular expression, or that could take catastrophic time, is refused (400 INVALID_PATTERN).',
      tags: ['admin'],
      security,
      body: Type.Object({ field: FieldSchema, match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]), value: Type.String({ minLength: 1, maxLength: 254 }) },
        { additionalProperties: false, examples: [{ field: 'phoneNumber', match: 'exact', value: '+1 800 555 0199' }] }),
      response: { 201: Type.Object({ rule: RuleSchema }), ...adminErrors }
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
      response: { 204: Type.Null(), ...adminErrors }
    }
  }, async (request, reply) => {
    await app.blocklist.remove(request.params.id, adminOrigin(request))
    return await reply.code(204).send(null)
  })
}
