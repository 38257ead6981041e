// The unit of work without transactions: in-process queues, then lock documents with a lease;
// a change that fails after writing is finished by its repair at once.
import { randomUUID } from 'node:crypto'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ChangeScope } from '../identity/identity-store.js'
import type { IdSequence, SequenceTurn } from './id-sequence.js'
import { LocalLocks } from './local-locks.js'
import { lockIntent, lockNames, type DeadHolder, type LockDocuments } from './lock-documents.js'
import type { Unit, UnitOfWork } from './unit-of-work.js'

// Requests of one instance queue in memory for a lock at most this long before they go to the
// lock document, whose lease decides: about the retry budget of a request.
const LOCAL_WAIT_LIMIT_MS = 5000

export class LockUnitOfWork implements UnitOfWork {
  private readonly localLocks: LocalLocks

  constructor (
    private readonly locks: LockDocuments,
    private readonly leaseMs: number,
    /** Records (and for an undo, finishes) what a holder wrote and did not record. */
    private readonly repair: (holder: DeadHolder) => Promise<void>
  ) {
    this.localLocks = new LocalLocks(Math.min(leaseMs, LOCAL_WAIT_LIMIT_MS))
  }

  async run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<T>): Promise<T> {
    const owner = randomUUID()
    const names = lockNames(scope)
    const releaseLocal = await this.localLocks.acquire(names, { wait: scope.wait ?? true })
    if (releaseLocal === null) throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request of this process holds a lock this one needs')
    // Before the insert: a lock the server took but whose answer got lost must still be released,
    // and a slow insert eats into the lease.
    const lockedAt = Date.now()
    let locked = false
    let wrote = false
    // Without a transaction every id taken exists already: turns end as kept.
    const turns: SequenceTurn[] = []
    const endTurns = (): void => { for (const turn of turns.splice(0).reverse()) turn.release(true) }
    const unit: Unit = {
      id: owner,
      session: undefined,
      assertGuardHeld: () => { this.assertLeaseHeld(lockedAt) },
      turn: async (sequence: IdSequence) => {
        const turn = await sequence.turn({ inTransaction: false })
        turns.push(turn)
        return turn
      },
      writing: () => { wrote = true }
    }
    try {
      await this.locks.insert(names, owner, lockIntent(scope), undefined)
      locked = true
      return await body(unit)
    } catch (error) {
      // A change that failed half way may have written without recording its event: record what
      // it wrote, as a repair would. If even that fails, keep the locks: the repair after their
      // lease does it.
      if (wrote) {
        endTurns() // the repair takes its own turn for the event's id
        try {
          await this.repair({ owner, names, intent: lockIntent(scope) })
        } catch {
          locked = false
        }
      }
      throw error
    } finally {
      endTurns()
      // The locks go whatever happened; if the database is gone they cannot, and their lease
      // expires instead.
      if (locked) await this.locks.release(names, owner, undefined).catch(() => {})
      releaseLocal()
    }
  }

  /**
   * Nothing can stop a holder whose lease ran out from inserting after another request took its
   * lock over (updates are fenced, inserts cannot be). Stop writing at half the lease: a single
   * write would have to stall for the other half to overlap.
   */
  private assertLeaseHeld (lockedAt: number): void {
    if (Date.now() - lockedAt > this.leaseMs / 2) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the lock lease ran low before the writes were done')
    }
  }
}
