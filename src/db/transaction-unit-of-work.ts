// The unit of work on a replica set: one multi-document transaction, with lock documents that
// are inserted and deleted inside it as conflict points, never committed; the event goes to the
// outbox in it, and the sequencer numbers it after the commit.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import mongoose, { type ClientSession } from 'mongoose'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ChangeScope } from '../identity/identity-store.js'
import { LocalLocks } from './local-locks.js'
import { lockIntent, lockNames, type LockDocuments } from './lock-documents.js'
import type { PendingEvents } from './pending-events.js'
import { giveUp, unavailable } from './store-errors.js'
import type { Done, Unit, UnitOfWork, Work } from './unit-of-work.js'

const { MongoError } = mongoose.mongo
const NO_SUCH_TRANSACTION = 251

/** What the unit needs of a driver session: tests hand in one whose commit is slow. */
export type TransactionSession = Pick<ClientSession, 'startTransaction' | 'commitTransaction' | 'abortTransaction' | 'endSession'>

export interface TransactionUnitOfWorkOptions {
  startSession: () => Promise<TransactionSession>
  locks: LockDocuments
  pending: PendingEvents
  /** A request's whole budget: attempts, backoff and commit retries; also the commit's own bound. */
  timeoutMs: number
}

export class TransactionUnitOfWork implements UnitOfWork {
  private readonly localLocks: LocalLocks

  constructor (private readonly options: TransactionUnitOfWorkOptions) {
    // Requests of this instance on one identity queue here instead of conflicting in the
    // database, where each conflict costs a round trip and a backoff.
    this.localLocks = new LocalLocks(options.timeoutMs)
  }

  async run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<Work<T>>): Promise<Done<T>> {
    // One budget from the call on: the wait in the queue, every attempt and every commit retry.
    const deadline = Date.now() + this.options.timeoutMs
    const names = lockNames(scope)
    const releaseLocal = await this.localLocks.acquire(names, { wait: scope.wait ?? true })
    if (releaseLocal === null) throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request of this process holds a lock this one needs')
    let session: TransactionSession | undefined
    try {
      // Inside the try: a session that cannot start (the client closed) must not keep the queue.
      session = await this.options.startSession()
      const work = await this.attempts(session, scope, names, body, deadline)
      // Committed with its event: nothing follows the answer.
      return { result: work.result, settled: Promise.resolve() }
    } finally {
      releaseLocal()
      await session?.endSession()
    }
  }

  /**
   * Attempts until one commits or `deadline` passes. Unlike the driver's withTransaction (which
   * retries a commit for two minutes), the deadline covers every attempt and every commit retry.
   */
  private async attempts<T>(session: TransactionSession, scope: ChangeScope, names: string[], body: (unit: Unit) => Promise<Work<T>>, deadline: number): Promise<Work<T>> {
    let lastError: unknown
    for (let attempt = 1; ; attempt++) {
      const left = deadline - Date.now()
      if (left <= 0) throw giveUp(lastError)
      session.startTransaction({ readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary', maxCommitTimeMS: left })
      let work: Work<T>
      try {
        work = await this.attempt(session as ClientSession, scope, names, body)
      } catch (error) {
        await session.abortTransaction().catch(() => {})
        if (!hasLabel(error, 'TransientTransactionError')) throw error
        lastError = error
        await sleep(Math.random() * Math.min(100, 5 * 2 ** attempt))
        continue
      }
      try {
        await this.commit(session, deadline)
        return work
      } catch (error) {
        if (!hasLabel(error, 'TransientTransactionError')) throw error
        lastError = error
      }
    }
  }

  private async attempt<T>(session: ClientSession, scope: ChangeScope, names: string[], body: (unit: Unit) => Promise<Work<T>>): Promise<Work<T>> {
    const owner = randomUUID()
    const unit: Unit = {
      id: owner,
      session,
      // The transaction is the guard: it commits whole or not at all.
      assertGuardHeld: () => {},
      writing: () => {}
    }
    await this.options.locks.insert(names, owner, lockIntent(scope), session)
    const work = await body(unit)
    if (work.event !== null) await this.options.pending.stage(work.event, session)
    await this.options.locks.release(names, owner, session)
    return work
  }

  /** Commits, and again while the outcome is unknown, until `deadline`. */
  private async commit (session: TransactionSession, deadline: number): Promise<void> {
    for (;;) {
      try {
        await session.commitTransaction()
        return
      } catch (error) {
        // The server aborted the transaction (its lifetime ran out, a failover): not committed,
        // and not a conflict with another request.
        if (error instanceof MongoError && error.code === NO_SUCH_TRANSACTION) throw unavailable(error)
        if (!hasLabel(error, 'UnknownTransactionCommitResult')) throw error
        if (Date.now() >= deadline) throw giveUp(error)
      }
    }
  }
}

function hasLabel (error: unknown, label: string): boolean {
  return error instanceof MongoError && error.hasErrorLabel(label)
}
