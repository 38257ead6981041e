// The unit of work without transactions, with fake lock documents and outbox: what it releases,
// stages and repairs when a step fails.
import mongoose from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { DeadHolder, LockDocuments } from '../../src/db/lock-documents.js'
import { LockUnitOfWork } from '../../src/db/lock-unit-of-work.js'
import type { PendingEvents, UnnumberedEvent } from '../../src/db/pending-events.js'
import type { Work } from '../../src/db/unit-of-work.js'
import { ErrorCodes, IdentityError } from '../../src/identity/errors.js'
import type { ChangeScope } from '../../src/identity/identity-store.js'

const { MongoNetworkError } = mongoose.mongo

/** Lock documents kept in a map, whose insert can be made to fail; the outbox writes down what it stages. */
function fakes (insertFails?: (take: () => void) => never) {
  const held = new Map<string, string>()
  const released: string[] = []
  const staged: string[] = []
  const repaired: DeadHolder[] = []
  const locks = {
    insert: async (names: string[], owner: string) => {
      const take = () => { for (const name of names) held.set(name, owner) }
      if (insertFails !== undefined) insertFails(take)
      take()
    },
    release: async (names: string[], owner: string) => {
      released.push(owner)
      for (const name of names) if (held.get(name) === owner) held.delete(name)
    }
  } as unknown as LockDocuments
  const pending = { stage: async (event: UnnumberedEvent) => { staged.push(event.unit); return true } } as unknown as PendingEvents
  const unit = new LockUnitOfWork({ locks, pending, leaseMs: 10_000, repair: async holder => { repaired.push(holder) }, onLateError: () => {} })
  return { unit, held, released, staged, repaired }
}

const scope = (email: string): ChangeScope => ({ keys: { email, phoneNumber: null }, primaryIds: [], origin: { requestId: null, actor: null } })
const eventOf = (unit: string): UnnumberedEvent => ({ type: 'contact.created', requestId: null, actor: null, contactIds: [1], cause: null, data: {}, unit } as unknown as UnnumberedEvent)

describe('lock documents whose insert answer got lost (the server took them, the socket timed out)', () => {
  it('are released at once, not left to their lease', async () => {
    const { unit, held, released } = fakes(take => { take(); throw new MongoNetworkError('connection timed out') })
    await expect(unit.run(scope('a@x.io'), async () => ({ result: 'never', event: null, rebuildable: false }))).rejects.toThrow('connection timed out')
    expect(released).toHaveLength(1)
    expect([...held.keys()]).toEqual([])
  })
})

describe('lock documents another request holds (LOCK_BUSY)', () => {
  it('are not released by this request: the insert undid its own already', async () => {
    const { unit, released } = fakes(() => { throw new IdentityError(ErrorCodes.LOCK_BUSY, 'held') })
    await expect(unit.run(scope('a@x.io'), async () => ({ result: 'never', event: null, rebuildable: false }))).rejects.toThrow('held')
    expect(released).toEqual([])
  })
})

describe('a change that answered', () => {
  it('stages a rebuildable event after the answer, then releases its locks', async () => {
    const { unit, held, staged } = fakes()
    let owner = ''
    const done = await unit.run(scope('a@x.io'), async (u): Promise<Work<string>> => { owner = u.id; return { result: 'created', event: eventOf(u.id), rebuildable: true } })
    expect(done.result).toBe('created')
    await done.settled
    expect(staged).toEqual([owner])
    expect([...held.keys()]).toEqual([])
  })

  it('whose body fails after writing is repaired at once, then lets its locks go', async () => {
    const { unit, held, repaired } = fakes()
    const failure = new Error('the database went away mid-change')
    await expect(unit.run(scope('a@x.io'), async u => { u.writing(); throw failure })).rejects.toBe(failure)
    expect(repaired.map(h => h.names)).toEqual([['email:a@x.io']])
    expect([...held.keys()]).toEqual([])
  })
})
