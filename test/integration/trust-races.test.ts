// Guardrails and undo under racing requests from two instances: I1-I6 and the evidence log hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { checkInvariants, clustersOf, type AcceptedRequest } from '../helpers/invariants.js'
import { buildTestApp, identify, readContacts, resetDatabase } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
const headers = { authorization: `Bearer ${TOKEN}` }
const LIMIT = 6

let first: App
let second: App
beforeAll(async () => {
  const env = { ADMIN_TOKEN: TOKEN, IDENTITY_SIZE_LIMIT: String(LIMIT), GENERIC_IDENTIFIER_LIMIT: '1000' }
  first = await buildTestApp({ env })
  second = await buildTestApp({ env: { ...env, MONGODB_DB_NAME: first.config.MONGODB_DB_NAME } })
})
afterAll(async () => { await second.close(); await first.close() })

/** Sends every request at once, alternating instances; the 200s are the accepted ones. */
async function race (requests: readonly AcceptedRequest[], alongside: () => Promise<unknown> = async () => {}): Promise<{ accepted: AcceptedRequest[], statuses: number[] }> {
  const [responses] = await Promise.all([
    Promise.all(requests.map(async (request, i) => await identify(i % 2 === 0 ? first : second, request))),
    alongside()
  ])
  return { accepted: requests.filter((_, i) => responses[i]!.statusCode === 200), statuses: responses.map(r => r.statusCode) }
}

describe('racing requests through a hub identifier', () => {
  it('never make an identity larger than the limit: the rest are held', { timeout: 180_000 }, async () => {
    await resetDatabase(first, second)
    const requests = Array.from({ length: 24 }, (_, i) => ({ email: `caller${i}@x.io`, phoneNumber: '+18005550199' }))
    const { accepted, statuses } = await race(requests)
    expect(statuses.every(s => s === 200 || s === 202)).toBe(true)
    const rows = await readContacts(first)
    for (const members of clustersOf(rows).values()) expect(members.length).toBeLessThanOrEqual(LIMIT)
    expect(rows).toHaveLength(LIMIT)
    expect(statuses.filter(s => s === 202)).toHaveLength(24 - LIMIT)
    expect(checkInvariants(rows, accepted)).toEqual([])
    expect(await checkEventLog(first)).toEqual([])
  })
})

describe('an operator acting while requests race on the same identities', () => {
  /** A {a, 1}, {a2, 1}; B {b, 2}, {b2, 2}; a join of A and B held (4 + 4 would pass the limit after growth). */
  async function seed (): Promise<{ holdId: number, setup: AcceptedRequest[] }> {
    const setup = [
      { email: 'a@x.io', phoneNumber: '1' }, { email: 'a2@x.io', phoneNumber: '1' }, { email: 'a3@x.io', phoneNumber: '1' }, { email: 'a4@x.io', phoneNumber: '1' },
      { email: 'b@x.io', phoneNumber: '2' }, { email: 'b2@x.io', phoneNumber: '2' }, { email: 'b3@x.io', phoneNumber: '2' }
    ]
    for (const body of setup) expect((await identify(first, body)).statusCode).toBe(200)
    const held = await identify(first, { email: 'a@x.io', phoneNumber: '2' })
    expect(held.statusCode).toBe(202)
    return { holdId: held.json().held.holdId, setup }
  }

  /** Requests on both identities: lookups, new contacts (held or not), joins. */
  const traffic = (): AcceptedRequest[] => Array.from({ length: 30 }, (_, i) => [
    { email: 'a@x.io', phoneNumber: null },
    { email: `n${i}@x.io`, phoneNumber: i % 2 === 0 ? '1' : '2' },
    { email: 'b2@x.io', phoneNumber: '1' },
    { email: null, phoneNumber: '2' }
  ][i % 4]!)

  it('approving a held merge keeps I1-I6 and the log', { timeout: 180_000 }, async () => {
    await resetDatabase(first, second)
    const { holdId, setup } = await seed()
    let approval: number | undefined
    const { accepted } = await race(traffic(), async () => {
      approval = (await second.inject({ method: 'POST', url: `/admin/holds/${holdId}/approve`, headers })).statusCode
    })
    expect(approval).toBe(200)
    const rows = await readContacts(first)
    expect(checkInvariants(rows, [...setup, { email: 'a@x.io', phoneNumber: '2' }, ...accepted])).toEqual([])
    expect(await checkEventLog(first)).toEqual([])
  })

  it('undoing a merge keeps I1-I6, and the identities are what the evidence left says', { timeout: 180_000 }, async () => {
    await resetDatabase(first, second)
    const { holdId, setup } = await seed()
    expect((await first.inject({ method: 'POST', url: `/admin/holds/${holdId}/approve`, headers })).statusCode).toBe(200)
    const merge = (await readEvents(first)).find(e => e.type === 'merge.approved')!._id
    let undone: number | undefined
    const { accepted } = await race(traffic(), async () => {
      undone = (await second.inject({ method: 'POST', url: '/admin/undo', headers, payload: { eventId: merge } })).statusCode
    })
    expect(undone).toBe(200)
    const rows = await readContacts(first)
    // Requests that joined them again after the undo are new evidence: the log decides, and it must explain every identity.
    expect(checkInvariants(rows, [...setup, ...accepted])).toEqual([])
    expect(await checkEventLog(first)).toEqual([])
    expect(await first.db.models.Lock.countDocuments({})).toBe(0)
  })
})
