// The unit of work without transactions: in-process queues, then lock documents with a lease,
// held until the change's event is in the outbox; a change that fails after writing is finished
// by its repair at once.
import { randomUUID } from 'node:crypto'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ChangeScope } from '../identity/identity-store.js'
import { LocalLocks } from './local-locks.js'
import { lockIntent, lockNames, type DeadHolder, type LockDocuments } from './lock-documents.js'
import type { PendingEvents } from './pending-events.js'
import type { Done, Unit, UnitOfWork, Work } from './unit-of-work.js'

// Requests of one instance queue in memory for a lock at most this long before they go to the
// lock document, whose lease decides: about the retry budget of a request.
const LOCAL_WAIT_LIMIT_MS = 5000

export interface LockUnitOfWorkOptions {
  locks: LockDocuments
  pending: PendingEvents
  leaseMs: number
  /** Records (and for an undo or an erasure, finishes) what a holder wrote and did not record. */
  repair: (holder: DeadHolder) => Promise<void>
  /** Told of what went wrong after the answer (the locks then stay for the repair after their lease). */
  onLateError: (error: unknown) => void
}

export class LockUnitOfWork implements UnitOfWork {
  private readonly localLocks: LocalLocks

  constructor (private readonly options: LockUnitOfWorkOptions) {
    this.localLocks = new LocalLocks(Math.min(options.leaseMs, LOCAL_WAIT_LIMIT_MS))
  }

  async run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<Work<T>>): Promise<Done<T>> {
    const { locks, pending } = this.options
    const owner = randomUUID()
    const names = lockNames(scope)
    const holder: DeadHolder = { owner, names, intent: lockIntent(scope) }
    const releaseLocal = await this.localLocks.acquire(names, { wait: scope.wait ?? true })
    if (releaseLocal === null) throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request of this process holds a lock this one needs')
    // Before the insert: a lock the server took but whose answer got lost must still be released,
    // and a slow insert eats into the lease.
    const lockedAt = Date.now()
    let locked = false
    let wrote = false
    const letGo = async (): Promise<void> => {
      // If the database is gone the locks cannot go, and their lease expires instead.
      if (locked) await locks.release(names, owner, undefined).catch(() => {})
      releaseLocal()
    }
    // A change that failed half way may have written without recording its event: record what it
    // wrote, as a repair would. If even that fails, keep the locks: the repair after their lease does it.
    const repairNow = async (): Promise<void> => {
      try {
        await this.options.repair(holder)
      } catch (error) {
        locked = false
        throw error
      }
    }
    const unit: Unit = {
      id: owner,
      session: undefined,
      assertGuardHeld: () => { this.assertLeaseHeld(lockedAt) },
      writing: () => { wrote = true }
    }
    let work: Work<T>
    try {
      try {
        await locks.insert(names, owner, holder.intent, undefined)
      } catch (error) {
        // The server may have taken the locks and only the answer got lost: release them now, not
        // after their lease. (A LOCK_BUSY released ours already.)
        locked = !(error instanceof IdentityError)
        throw error
      }
      locked = true
      work = await body(unit)
      // An event the repair could not rebuild is written before the answer.
      if (work.event !== null && !work.rebuildable) {
        unit.assertGuardHeld()
        await pending.stage(work.event, undefined)
      }
    } catch (error) {
      if (wrote) await repairNow().catch(() => {})
      await letGo()
      throw error
    }
    // The guard stays until the event is in the outbox: a crash before that leaves the locks,
    // whose repair rebuilds the event from the contacts the change stamped.
    const { event } = work
    const settled = (async () => {
      try {
        if (event !== null && work.rebuildable) await pending.stage(event, undefined)
      } catch (error) {
        this.options.onLateError(error)
        await repairNow().catch(() => {})
      } finally {
        await letGo()
      }
    })()
    return { result: work.result, settled }
  }

  /**
   * Nothing can stop a holder whose lease ran out from inserting after another request took its
   * lock over (updates are fenced, inserts cannot be). Stop writing at half the lease: a single
   * write would have to stall for the other half to overlap.
   */
  private assertLeaseHeld (lockedAt: number): void {
    if (Date.now() - lockedAt > this.options.leaseMs / 2) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the lock lease ran low before the writes were done')
    }
  }
}
