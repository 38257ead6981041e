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
  value: Type.String({ description: 'An exact value in its normalised form, or an RE2 regular expression (no backreferences or lookaround) tested against normalised values in linear time.' }),
  builtIn: Type.Boolean(),
  createdAt: Type.Union([DateTimeSchema, Type.Null()]),
  actor: Nullable(Type.String())
}, { examples: [{ id: 'builtin-keyboard-run-phone', field: 'phoneNumber', match: 'pattern', value: '^\\+?(1234567890|0123456789)$', builtIn: true, createdAt: null, actor: null }] })

export const adminBlocklistRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
