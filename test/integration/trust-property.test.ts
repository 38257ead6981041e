// Random sequences of requests (junk values and a hub among them), blocks, undos, erasures and
// lifted suppressions against the real service, compared with the reference model of the Trust
// section after every step.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { BUILT_IN_RULES, Blocklist } from '../../src/identity/rules/guardrails.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'
import { TrustModel } from '../helpers/trust-model.js'

const TOKEN = 'test-admin-token-0123456789'
const headers = { authorization: `Bearer ${TOKEN}` }
const limits = { identitySize: 5, genericIdentifier: 2 }

let app: App
beforeAll(async () => {
  app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, ERASURE_SECRET: 'test-erasure-secret-0123456789abcdef', IDENTITY_SIZE_LIMIT: String(limits.identitySize), GENERIC_IDENTIFIER_LIMIT: String(limits.genericIdentifier) } })
})
afterAll(async () => { await app.close() })

// Small pools so that identities collide; "test@x.io" and "0000000" are built-in junk, "555" a hub.
const emails = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io', 'test@x.io']
const phones = ['100', '200', '300', '555', '0000000']
const builtIn = new Blocklist(BUILT_IN_RULES)

const operation = fc.oneof(
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('identify' as const), email: fc.option(fc.constantFrom(...emails), { nil: null }), phoneNumber: fc.option(fc.constantFrom(...phones), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), field: fc.constantFrom('email' as const, 'phoneNumber' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo-merge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo-identifier' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lift' as const), pick: fc.nat() }) }
)
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never

async function post (url: string, payload: object) {
  return await app.inject({ method: 'POST', url, headers, payload })
}

describe('the service with guardrails, undo and erasure behaves like the reference model', () => {
  const seen = { identify: 0, block: 0, 'undo-merge': 0, 'undo-identifier': 0, erase: 0, lift: 0, held: 0, split: 0, ignoredErased: 0, unreachable: 0 }
  it('answers every step like the model, and its identities are the components of its evidence', { timeout: 300_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 15, maxLength: 40, size: 'max' }), async (operations: Operation[]) => {
      await resetDatabase(app)
      await app.db.models.BlockRule.deleteMany({})
      await app.blocklist.refresh()
      const model = new TrustModel(limits, (field, value) => builtIn.match(field, value) !== undefined)
      const blocked: Array<{ field: 'email' | 'phoneNumber', value: string }> = []
      for (const op of operations) {
        seen[op.kind]++
        if (op.kind === 'identify') {
          if (op.email === null && op.phoneNumber === null) continue
          const response = await identify(app, { email: op.email, phoneNumber: op.phoneNumber })
          const expected = model.identify(op.email, op.phoneNumber)
          expect(response.statusCode, JSON.stringify(op)).toBe(expected.status)
          if (expected.status === 422) continue
          const { ignored, held, ...identity } = response.json()
          expect(identity, JSON.stringify(op)).toEqual(expected.identity)
          expect((ignored ?? []).map((i: { field: string }) => i.field)).toEqual(expected.ignored)
          if ((ignored ?? []).some((i: { reason: string }) => i.reason === 'erased')) seen.ignoredErased++
          if (expected.status === 202) expect(held.reason).toBe(expected.reason)
          if (expected.status === 202) seen.held++
        } else if (op.kind === 'block') {
          const pool = op.field === 'email' ? emails : phones
          const value = pool[op.pick % pool.length]!
          if (model.isBlocked(op.field, value)) continue
          expect((await post('/admin/blocklist', { field: op.field, match: 'exact', value })).statusCode).toBe(201)
          model.block(op.field, value)
          blocked.push({ field: op.field, value })
        } else if (op.kind === 'undo-merge') {
          // A join whose identifiers were erased is evidence of nothing: no identity holds it to undo.
          const reachable = model.joinReachesAnyone(op.pick)
          const joinAt = model.joinPosition(op.pick)
          if (!reachable && joinAt !== undefined) {
            const merges = (await readEvents(app)).filter(e => e.type === 'identities.merged')
            expect((await post('/admin/undo', { eventId: merges[joinAt]!._id })).statusCode).toBe(404)
            seen.unreachable++
          }
          if (!reachable) continue
          const position = model.undoJoin(op.pick)
          if (position === undefined) continue
          const merges = (await readEvents(app)).filter(e => e.type === 'identities.merged')
          const undone = await post('/admin/undo', { eventId: merges[position]!._id })
          expect(undone.statusCode).toBe(200)
          if (undone.json().split === true) seen.split++
        } else if (op.kind === 'erase') {
          const live = model.liveContactIds()
          const id = live[op.pick % Math.max(live.length, 1)]
          if (id === undefined) continue
          const erased = await post('/admin/erase', { contactId: id })
          expect(erased.statusCode, erased.body).toBe(200)
          model.erase(id)
          expect((await app.inject({ method: 'GET', url: `/contacts/${id}` })).statusCode).toBe(410)
        } else if (op.kind === 'lift') {
          const names = [...model.suppressed]
          const name = names[op.pick % Math.max(names.length, 1)]
          if (name === undefined) continue
          const [field, value] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)]
          expect((await post('/admin/erase/lift', { [field]: value })).statusCode).toBe(204)
          model.lift(name)
        } else {
          const target = blocked[op.pick % Math.max(blocked.length, 1)]
          if (target === undefined) continue
          const carried = model.undoIdentifier(target.field, target.value)
          expect((await post('/admin/undo', { [target.field]: target.value })).statusCode).toBe(carried ? 200 : 404)
        }
      }
      const rows = await readContacts(app)
      expect(rows.map(r => ({ id: r._id, email: r.email, phoneNumber: r.phoneNumber, linkedId: r.linkedId }))).toEqual(model.contacts)
      expect(await checkEventLog(app)).toEqual([])
    }), {
      numRuns: 60,
      ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
      // A failure found late shrinks for minutes on a busy runner: stopped a minute before the
      // test's timeout, it still reports its counterexample and seed, which the timeout would lose.
      plugins: [fc.interruptAfterTimeLimit(240_000)]
    })
    // FC_SEED=<seed> replays a failing run. What the runs covered, so that a change that makes them miss the guardrails or undo shows.
    console.log(`[tests] trust property: ${JSON.stringify(seen)}`)
    expect(seen.held).toBeGreaterThan(0)
    expect(seen.split).toBeGreaterThan(0)
    expect(seen.ignoredErased).toBeGreaterThan(0)
  })
})
