// The unit of work on a replica set: one multi-document transaction, with lock documents that
// are inserted and deleted inside it as conflict points, never committed.
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { ChangeScope } from '../identity/identity-store.js'
import type { IdSequence, SequenceTurn } from './id-sequence.js'
import { lockIntent, lockNames, type LockDocuments } from './lock-documents.js'
import { giveUp } from './store-errors.js'
import type { Unit, UnitOfWork } from './unit-of-work.js'

export class TransactionUnitOfWork implements UnitOfWork {
  constructor (
    private readonly connection: Connection,
    private readonly locks: LockDocuments,
    /** After this long, no new attempt starts, and a commit may take no longer. */
    private readonly timeoutMs: number
  ) {}

  async run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<T>): Promise<T> {
    const session = await this.connection.startSession()
    // The driver re-runs the callback on transient errors (write conflicts, a lost server) for
    // up to two minutes; a request must be answered sooner.
    const deadline = Date.now() + this.timeoutMs
    let lastError: unknown
    // An id inserted but not committed must not let a later one commit first: turns last until
    // the transaction ends, kept only when it committed.
    let turns: SequenceTurn[] = []
    const endTurns = (kept: boolean): void => { for (const turn of turns.reverse()) turn.release(kept); turns = [] }
    try {
      const result = await session.withTransaction(async () => {
        // Thrown from the callback, a domain error ends the retries: the driver aborts and rethrows it.
        if (Date.now() > deadline) throw giveUp(lastError)
        endTurns(false) // an earlier attempt's, aborted
        const owner = randomUUID()
        const names = lockNames(scope)
        const unit: Unit = {
          id: owner,
          session,
          // The transaction is the guard: it commits whole or not at all.
          assertGuardHeld: () => {},
          turn: async (sequence: IdSequence) => {
            const turn = await sequence.turn({ inTransaction: true })
            turns.push(turn)
            return turn
          },
          writing: () => {}
        }
        try {
          await this.locks.insert(names, owner, lockIntent(scope), session)
          const result = await body(unit)
          await this.locks.release(names, owner, session)
          return result
        } catch (error) {
          lastError = error
          throw error
        }
      }, {
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
        readPreference: 'primary',
        // An abort undoes the lock writes with everything else; a commit may not wait forever.
        maxCommitTimeMS: this.timeoutMs
      })
      endTurns(true)
      return result
    } finally {
      endTurns(false)
      await session.endSession()
    }
  }
}
