// Identifier claims: a new customer is not read again under its guard, yet a contact written
// between its first read and its guard is never missed; an erasure drops the claims it erased.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import type { App } from '../../src/app.js'
import { claimId } from '../../src/db/identifier-claims.js'
import { mongoIdentityStore, type RunningStore } from '../../src/identity-plugin.js'
import { buildTestApp, identify, resetDatabase, settle } from '../helpers/test-app.js'

const TOKEN = 'test-admin-token-0123456789'
let app: App
let store: RunningStore
/** Commands the driver sent, as "command collection". */
const sent: string[] = []

beforeAll(async () => {
  const uri = inject('mongodbUri')
  app = await buildTestApp({
    env: { ADMIN_TOKEN: TOKEN, ERASURE_SECRET: 'test-erasure-secret-0123456789abcdef', MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` },
    identityStore: (db, config, hooks) => (store = mongoIdentityStore(db, config, hooks))
  })
  app.db.connection.getClient().on('commandStarted', event => {
    sent.push(`${event.commandName} ${String((event.command as Record<string, unknown>)[event.commandName])}`)
  })
})
afterAll(async () => { await app.close() })
beforeEach(async () => { await resetDatabase(app) })

const count = (commands: readonly string[], command: string): number => commands.filter(c => c === command).length
/** The commands from the first lock taken on: those under the guard. */
const underGuard = (commands: readonly string[]): string[] => commands.slice(commands.indexOf('insert locks'))

/** What the next request sends, once what came before (events, locks let go) is finished. */
async function commandsOf (request: () => Promise<unknown>): Promise<string[]> {
  await settle(app)
  sent.length = 0
  await request()
  return [...sent]
}

describe('identifier claims', () => {
  it('stand in for the second read of a new customer: contacts are read once, before the guard', async () => {
    // The first creation reserves the process's first block of ids (it reads the highest id).
    await identify(app, { email: 'first@x.io', phoneNumber: '1' })
    const commands = await commandsOf(async () => {
      expect((await identify(app, { email: 'ann@x.io', phoneNumber: '100' })).json()).toMatchObject({ primaryContactId: 2 })
    })
    expect(count(commands, 'find contacts')).toBe(1)
    expect(count(underGuard(commands), 'find contacts')).toBe(0)
    expect(count(underGuard(commands), 'update identifierClaims')).toBe(1)
    expect(await app.db.models.IdentifierClaim.countDocuments()).toBe(4)
  })

  it('are claimed again by a change that found identities (a merge), which reads them again under the guard', async () => {
    await identify(app, { email: 'ann@x.io', phoneNumber: '100' })
    await identify(app, { email: 'bob@x.io', phoneNumber: '900' })
    const commands = await commandsOf(async () => {
      expect((await identify(app, { email: 'ann@x.io', phoneNumber: '200' })).json()).toMatchObject({ primaryContactId: 1, secondaryContactIds: [3] })
    })
    expect(count(underGuard(commands), 'find contacts')).toBe(1)
    expect(count(underGuard(commands), 'update identifierClaims')).toBe(1)
    expect(await app.db.models.IdentifierClaim.exists({ _id: claimId('phone', '200') })).not.toBeNull()
  })

  it('make a change whose first read missed a contact written since read again, and see it', async () => {
    // Written by another request after this one read nothing for ann@x.io (its scope has no primaries).
    await identify(app, { email: 'ann@x.io', phoneNumber: '100' })
    let decided = false
    const origin = { requestId: 'late-reader', actor: null }
    const change = store.change({ keys: { email: 'ann@x.io', phoneNumber: '999' }, primaryIds: [], origin }, () => {
      decided = true
      throw new Error('decided without the contact written since its first read')
    })
    await expect(change).rejects.toMatchObject({ code: 'WRITE_CONFLICT' })
    expect(decided).toBe(false)
  })

  it('keep no identifier in the clear, and an erasure drops those it erased', async () => {
    await identify(app, { email: 'ann@x.io', phoneNumber: '100' })
    await identify(app, { email: 'bob@x.io', phoneNumber: '200' })
    const ids = (await app.db.models.IdentifierClaim.find({}).lean()).map(claim => claim._id)
    expect(ids.every(id => !id.includes('ann') && !id.includes('100'))).toBe(true)
    const erased = await app.inject({ method: 'POST', url: '/admin/erase', headers: { authorization: `Bearer ${TOKEN}` }, payload: { contactId: 1, suppress: false } })
    expect(erased.statusCode, erased.body).toBe(200)
    const left = (await app.db.models.IdentifierClaim.find({}).lean()).map(claim => claim._id).sort()
    expect(left).toEqual([claimId('email', 'bob@x.io'), claimId('phone', '200')].sort())
    // Ann may come back as a new customer: nothing of her is left to find.
    expect((await identify(app, { email: 'ann@x.io', phoneNumber: '100' })).json()).toMatchObject({ secondaryContactIds: [] })
  })
})
