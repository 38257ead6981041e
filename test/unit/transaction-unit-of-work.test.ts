// The transaction unit of work with fake sessions (no replica set here): a bounded commit, no
// process-wide turn, the error mapping, hot identities queued in memory, the event staged in the transaction.
import { setTimeout as sleep } from 'node:timers/promises'
import mongoose, { type ClientSession } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { LockDocuments } from '../../src/db/lock-documents.js'
import type { PendingEvents, UnnumberedEvent } from '../../src/db/pending-events.js'
import { TransactionUnitOfWork, type TransactionSession } from '../../src/db/transaction-unit-of-work.js'
import type { Work } from '../../src/db/unit-of-work.js'
import { ErrorCodes, IdentityError } from '../../src/identity/errors.js'
import type { ChangeScope } from '../../src/identity/identity-store.js'

const { MongoServerError } = mongoose.mongo

/** A session whose commit does what `commit` says; it counts the transactions, commits and aborts. */
function fakeSession (commit: () => Promise<void> = async () => {}) {
  const counts = { started: 0, commits: 0, aborts: 0, ended: 0 }
  const session = {
    startTransaction: () => { counts.started++ },
    commitTransaction: async () => { counts.commits++; await commit() },
    abortTransaction: async () => { counts.aborts++ },
    endSession: async () => { counts.ended++ }
  } as unknown as TransactionSession
  return { session, counts }
}

/** Fakes of the lock documents and the outbox that write down each call, with its owner and session. */
function fakeStores () {
  const calls: Array<{ op: 'insert' | 'stage' | 'release', owner: string | null, session: unknown }> = []
  const locks = {
    insert: async (_names: string[], owner: string, _intent: unknown, session: unknown) => { calls.push({ op: 'insert', owner, session }) },
    release: async (_names: string[], owner: string, session: unknown) => { calls.push({ op: 'release', owner, session }) }
  } as unknown as LockDocuments
  const pending = {
    stage: async (event: UnnumberedEvent, session: unknown) => { calls.push({ op: 'stage', owner: event.unit, session }); return true }
  } as unknown as PendingEvents
  return { locks, pending, calls }
}

function unitOfWork (sessions: () => TransactionSession, timeoutMs: number) {
  const stores = fakeStores()
  const unit = new TransactionUnitOfWork({ startSession: async () => sessions(), locks: stores.locks, pending: stores.pending, timeoutMs })
  return { unit, calls: stores.calls }
}

const scope = (email: string, wait = true): ChangeScope => ({ keys: { email, phoneNumber: null }, primaryIds: [], origin: { requestId: null, actor: null }, wait })
const nothing = async (): Promise<Work<string>> => ({ result: 'done', event: null, rebuildable: false })
const eventOf = (unit: string): UnnumberedEvent => ({ type: 'contact.created', requestId: null, actor: null, contactIds: [1], cause: null, data: {}, unit } as unknown as UnnumberedEvent)

function unknownCommitResult (): Error {
  return new MongoServerError({ code: 50, errmsg: 'operation exceeded time limit', errorLabels: ['UnknownTransactionCommitResult'] })
}
function writeConflict (): Error {
  return new MongoServerError({ code: 112, errmsg: 'WriteConflict', errorLabels: ['TransientTransactionError'] })
}

describe('a commit slower than the socket timeout (a majority commit waiting on a lagging secondary)', () => {
  it('is given up at the request deadline, commit retries included, with a 503 DATABASE_UNAVAILABLE; an unrelated change answers meanwhile', async () => {
    // Each commit attempt "times out" after 300 ms without an answer, like a socket timeout.
    const slow = fakeSession(async () => { await sleep(300); throw unknownCommitResult() })
    const fast = fakeSession()
    const sessions = [slow.session, fast.session]
    const { unit } = unitOfWork(() => sessions.shift()!, 2000)
    const started = Date.now()
    let blockedSettled = false
    const blocked = unit.run(scope('slow@x.io'), nothing).then(() => null, (error: unknown) => ({ error, ms: Date.now() - started }))
      .finally(() => { blockedSettled = true })
    await sleep(50)
    const unrelatedAt = Date.now()
    const unrelated = await unit.run(scope('other@x.io'), nothing)
    expect(unrelated.result).toBe('done')
    await unrelated.settled
    // Answered while the other one's commit is stuck: nothing process-wide waits for it. (A
    // process-wide turn would hold it for the in-memory queue's limit, the 2 s budget.)
    expect(blockedSettled).toBe(false)
    expect(Date.now() - unrelatedAt).toBeLessThan(1000)
    const outcome = await blocked
    expect(outcome?.error).toBeInstanceOf(IdentityError)
    expect((outcome?.error as IdentityError).code).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    // Bounded by the deadline (2 s) plus one commit attempt, not by the driver's two minutes;
    // generous for a busy machine.
    expect(outcome!.ms).toBeLessThan(10_000)
    // The commit was retried (its outcome unknown), the body was not run again.
    expect(slow.counts.commits).toBeGreaterThan(1)
    expect(slow.counts.started).toBe(1)
    expect(slow.counts.ended).toBe(1)
  })
})

describe('a NoSuchTransaction at commit (the server aborted it)', () => {
  it('is DATABASE_UNAVAILABLE at once, not a conflict retried until IDENTITY_BUSY', async () => {
    const aborted = fakeSession(async () => { throw new MongoServerError({ code: 251, errmsg: 'NoSuchTransaction', errorLabels: ['TransientTransactionError'] }) })
    const { unit } = unitOfWork(() => aborted.session, 5000)
    const error = await unit.run(scope('a@x.io'), nothing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IdentityError)
    expect((error as IdentityError).code).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    expect(aborted.counts.commits).toBe(1)
    expect(aborted.counts.started).toBe(1)
  })
})

describe('a TransientTransactionError (a write conflict inside the transaction)', () => {
  it('runs the body again in a new transaction, with a new owner', async () => {
    const ok = fakeSession()
    const { unit, calls } = unitOfWork(() => ok.session, 5000)
    const owners: string[] = []
    const done = await unit.run(scope('a@x.io'), async u => {
      owners.push(u.id)
      if (owners.length === 1) throw writeConflict()
      return { result: owners.length, event: null, rebuildable: false }
    })
    expect(done.result).toBe(2)
    expect(ok.counts).toEqual({ started: 2, commits: 1, aborts: 1, ended: 1 })
    expect(new Set(owners).size).toBe(2)
    // Each attempt took the locks as its own owner; only the one that committed released them
    // (the aborted attempt's inserts went with its transaction).
    expect(calls.map(c => `${c.op} ${owners.indexOf(c.owner!)}`)).toEqual(['insert 0', 'insert 1', 'release 1'])
  })

  it('conflicting until the deadline, answers IDENTITY_BUSY, not DATABASE_UNAVAILABLE', async () => {
    const ok = fakeSession()
    const { unit } = unitOfWork(() => ok.session, 300)
    const error = await unit.run(scope('a@x.io'), async () => { throw writeConflict() }).catch((e: unknown) => e)
    expect((error as IdentityError).code).toBe(ErrorCodes.IDENTITY_BUSY)
    expect(ok.counts.started).toBeGreaterThan(1)
    expect(ok.counts.aborts).toBe(ok.counts.started)
    expect(ok.counts.commits).toBe(0)
  })
})

describe('a body that fails with something else than a conflict (a bug, a refused change)', () => {
  it('aborts the transaction, releases the session and passes the error on', async () => {
    const ok = fakeSession()
    const { unit, calls } = unitOfWork(() => ok.session, 5000)
    const refused = new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the identity changed before it was locked')
    const error = await unit.run(scope('a@x.io'), async () => { throw refused }).catch((e: unknown) => e)
    expect(error).toBe(refused)
    expect(ok.counts).toEqual({ started: 1, commits: 0, aborts: 1, ended: 1 })
    expect(calls.map(c => c.op)).toEqual(['insert'])
  })
})

describe('a commit whose outcome is unknown once', () => {
  it('is retried as a commit, not as a new attempt, and answers', async () => {
    let commits = 0
    const flaky = fakeSession(async () => { if (++commits === 1) throw unknownCommitResult() })
    const { unit } = unitOfWork(() => flaky.session, 5000)
    const done = await unit.run(scope('a@x.io'), nothing)
    expect(done.result).toBe('done')
    expect(flaky.counts).toEqual({ started: 1, commits: 2, aborts: 0, ended: 1 })
  })
})

describe('requests of one instance on one identity', () => {
  it('queue in memory instead of conflicting in the database; with wait: false the second fails at once', async () => {
    const { unit } = unitOfWork(() => fakeSession(async () => { await sleep(100) }).session, 5000)
    const order: string[] = []
    const body = (name: string) => async (): Promise<Work<string>> => {
      order.push(`${name} starts`)
      await sleep(50)
      order.push(`${name} ends`)
      return { result: name, event: null, rebuildable: false }
    }
    const first = unit.run(scope('hot@x.io'), body('first'))
    await sleep(10)
    const refusedAt = Date.now()
    const refused = await unit.run(scope('hot@x.io', false), body('refused')).catch((e: unknown) => e)
    expect((refused as IdentityError).code).toBe(ErrorCodes.LOCK_BUSY)
    // At once: not after the first one's commit.
    expect(Date.now() - refusedAt).toBeLessThan(100)
    const second = unit.run(scope('hot@x.io'), body('second'))
    await Promise.all([first, second])
    // The second starts only once the first committed (its commit takes 100 ms after its body).
    expect(order).toEqual(['first starts', 'first ends', 'second starts', 'second ends'])
  })
})

describe('the event of a change', () => {
  it('is staged in the transaction, after the locks are taken and before they are released, and the answer waits for nothing after the commit', async () => {
    const ok = fakeSession()
    const { unit, calls } = unitOfWork(() => ok.session, 5000)
    let owner = ''
    const done = await unit.run(scope('a@x.io'), async u => {
      owner = u.id
      expect(u.session).toBe(ok.session)
      return { result: 'created', event: eventOf(u.id), rebuildable: true }
    })
    expect(done.result).toBe('created')
    expect(calls).toEqual([
      { op: 'insert', owner, session: ok.session },
      { op: 'stage', owner, session: ok.session },
      { op: 'release', owner, session: ok.session }
    ])
    expect(ok.counts.commits).toBe(1)
    await done.settled
  })

  it('that cannot be staged (a conflict on the outbox) aborts the attempt with its locks, and the next attempt stages it', async () => {
    const ok = fakeSession()
    const stores = fakeStores()
    let stagings = 0
    const pending = {
      stage: async (event: UnnumberedEvent, session: ClientSession | undefined) => {
        if (++stagings === 1) throw writeConflict()
        return await stores.pending.stage(event, session)
      }
    } as unknown as PendingEvents
    const unit = new TransactionUnitOfWork({ startSession: async () => ok.session, locks: stores.locks, pending, timeoutMs: 5000 })
    const done = await unit.run(scope('a@x.io'), async u => ({ result: u.id, event: eventOf(u.id), rebuildable: true }))
    // Only the committed attempt released its locks, after its event was staged.
    expect(stores.calls.map(c => c.op)).toEqual(['insert', 'insert', 'stage', 'release'])
    expect(stores.calls.slice(1).every(c => c.owner === done.result)).toBe(true)
    expect(ok.counts).toEqual({ started: 2, commits: 1, aborts: 1, ended: 1 })
  })
})

describe('a session that cannot start (the client is closing)', () => {
  it('fails the request and lets the next one on the same identity through', async () => {
    const ok = fakeSession()
    const sessions = [async () => { throw new Error('client closed') }, async () => ok.session]
    const stores = fakeStores()
    const unit = new TransactionUnitOfWork({ startSession: async () => await sessions.shift()!(), locks: stores.locks, pending: stores.pending, timeoutMs: 5000 })
    await expect(unit.run(scope('a@x.io'), nothing)).rejects.toThrow('client closed')
    // Not LOCK_BUSY: the failed request left the in-memory queue.
    const next = await unit.run(scope('a@x.io', false), nothing)
    expect(next.result).toBe('done')
  })
})
