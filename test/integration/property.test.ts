// Random request sequences against the real service, compared with the reference model.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'
import { checkChain, checkEventLog, readEvents } from '../helpers/event-log.js'
import { checkInvariants } from '../helpers/invariants.js'
import { ReferenceModel } from '../helpers/reference-model.js'

let app: App
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

// Small pools, so that clusters collide and merge often.
const emails = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']
const phones = ['100', '200', '300', '400', '500']

const requestArbitrary = fc.record({
  email: fc.option(fc.constantFrom(...emails), { nil: null }),
  phoneNumber: fc.option(fc.constantFrom(...phones), { nil: null }),
  // How the caller spells it: the service must see through case, blanks and numeric phones.
  spelling: fc.constantFrom('plain', 'shouting', 'numeric')
}).filter(request => request.email !== null || request.phoneNumber !== null)

type Request = typeof requestArbitrary extends fc.Arbitrary<infer T> ? T : never

function body (request: Request): object {
  if (request.spelling === 'shouting') return { email: request.email?.toUpperCase() ?? '', phoneNumber: request.phoneNumber }
  if (request.spelling === 'numeric') return { email: request.email, phoneNumber: request.phoneNumber === null ? null : Number(request.phoneNumber) }
  return { email: request.email, phoneNumber: request.phoneNumber }
}

describe('the service behaves like the reference model', () => {
  it('answers every request, ends with the same contacts, and explains them from the log', { timeout: 180_000 }, async () => {
    const pairArbitrary = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 })
    await fc.assert(fc.asyncProperty(fc.array(requestArbitrary, { minLength: 1, maxLength: 20 }), pairArbitrary, async (requests, pairs) => {
      await resetDatabase(app)
      const model = new ReferenceModel()
      for (const request of requests) {
        const response = await identify(app, body(request))
        expect(response.statusCode).toBe(200)
        expect(response.json()).toEqual(model.identify(request.email, request.phoneNumber))
      }
      const rows = await readContacts(app)
      expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId })))
        .toEqual(model.contacts)
      expect(checkInvariants(rows, requests)).toEqual([])
      // The identities are the components of the recorded evidence, and any two contacts of one
      // are explained by a valid shortest chain.
      expect(await checkEventLog(app)).toEqual([])
      const events = await readEvents(app)
      for (const [a, b] of pairs) {
        const from = rows[a % rows.length]!
        const to = rows[b % rows.length]!
        const response = await app.inject({ method: 'GET', url: `/contacts/${from._id}/explain?with=${to._id}` })
        if ((from.linkedId ?? from._id) !== (to.linkedId ?? to._id)) {
          expect(response.json()).toMatchObject({ code: 'NOT_LINKED' })
          continue
        }
        expect(checkChain(rows, events, from._id, to._id, response.json().steps)).toEqual([])
      }
    }), { numRuns: 40, plugins: [fc.interruptAfterTimeLimit(120_000)] }) // a minute before the timeout: a late failure keeps its counterexample
  })
})
