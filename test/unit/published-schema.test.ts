// The published POST /identify body schema accepts exactly what the service accepts (its validation plus the domain's checks).
import Fastify from 'fastify'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeRequest } from '../../src/identity/rules/normalize.js'
import { IdentifyBodySchema, IdentifyRequestSchema } from '../../src/routes/schemas.js'

// The same Ajv settings as buildApp(): what the service validates, and what it publishes.
const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allowUnionTypes: true } } })
app.post('/service', { schema: { body: IdentifyBodySchema } }, async (request) => {
  normalizeRequest(request.body as Parameters<typeof normalizeRequest>[0])
  return 'accepted'
})
app.post('/published', { schema: { body: IdentifyRequestSchema } }, async () => 'valid')
app.setErrorHandler(async (_error, _request, reply) => await reply.code(400).send('refused'))
beforeAll(async () => { await app.ready() })
afterAll(async () => { await app.close() })

async function verdicts (body: unknown): Promise<{ service: number, published: number }> {
  const payload = JSON.stringify(body)
  const send = async (url: string) =>
    (await app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } })).statusCode
  return { service: await send('/service'), published: await send('/published') }
}

// Characters where the rules have edges: whitespace of both engines, "@", phone punctuation,
// digits of other scripts, a character that lower-cases longer, one outside the BMP.
const tricky = ['a', 'Z', '@', '.', '-', '(', ')', '+', '0', '7', ' ', '\t', '\n', '\u000b', '\u00a0', '\u2028',
  '\u3000', '\ufeff', '\u001c', '\u0085', '\u200b', '\u0663', 'İ', '😀']
const trickyString = fc.array(fc.constantFrom(...tricky), { maxLength: 14 }).map(chars => chars.join(''))
const email = fc.oneof(
  trickyString,
  fc.tuple(trickyString, trickyString).map(([local, domain]) => `${local}@${domain}`),
  fc.emailAddress(),
  // Around the length limit.
  fc.integer({ min: 245, max: 260 }).map(length => ` ${'x'.repeat(length - 5)}@b.co `),
  fc.constantFrom(null, undefined, 42, true)
)
const phone = fc.oneof(
  trickyString,
  fc.stringMatching(/^\+?[0-9 ().-]{0,24}$/),
  fc.integer({ min: -5, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(null, undefined, 1.5, -0, 2 ** 53, 1e21, '')
)
const body = fc.oneof(
  fc.record({ email, phoneNumber: phone }, { requiredKeys: [] }),
  fc.constantFrom({}, [], 'x', null, { email: 'a@b.co', phone: '1' })
)

describe('the published POST /identify body schema', () => {
  it('accepts a body exactly when the service does', async () => {
    await fc.assert(fc.asyncProperty(body, async (candidate) => {
      const { service, published } = await verdicts(candidate)
      expect({ candidate, published }).toEqual({ candidate, published: service === 200 ? 200 : 400 })
    }), { numRuns: 3000 })
  })

  it.each([
    [{}, 400], [{ email: '  ' }, 400], [{ email: null, phoneNumber: '' }, 400], [{ phoneNumber: '( )' }, 400],
    [{ email: ' Doc@X.io ' }, 200], [{ phoneNumber: 123456 }, 200], [{ phoneNumber: '+1 (415) 555-0100' }, 200],
    [{ email: 'a@@b' }, 400], [{ email: 'a b@c' }, 400], [{ phoneNumber: '+' }, 400], [{ phoneNumber: '1'.repeat(21) }, 400]
  ])('%j: %i from both', async (candidate, status) => {
    expect(await verdicts(candidate)).toEqual({ service: status, published: status })
  })
})
