// One change's guard and atomicity, as the store's change() needs them: a transaction, or lock
// documents. Either way the unit writes the change's event to the outbox before it lets go of the guard.
import type { ClientSession } from 'mongoose'
import type { ChangeScope } from '../identity/identity-store.js'
import type { UnnumberedEvent } from './pending-events.js'

/** What the body of a change gets from its unit of work. */
export interface Unit {
  /** The change's id, stamped on what it writes: a repair finds a dead change's writes by it. */
  readonly id: string
  /** The transaction's session, or undefined: handed to every operation as it is. */
  readonly session: ClientSession | undefined
  /** @throws IdentityError WRITE_CONFLICT when the guard may have passed to another change. */
  assertGuardHeld (): void
  /** Says that the body starts writing: from here a failure may leave work for a repair. */
  writing (): void
}

/** What a body did: its result, and the event that records its writes (null: none). */
export interface Work<T> {
  result: T
  event: UnnumberedEvent | null
  /**
   * The repair can rebuild the event from the contacts the body stamped (a creation, a merge), so
   * the answer need not wait for the event to be written.
   */
  rebuildable: boolean
}

/** A unit carried out: the body's result, and when what follows the answer is done. */
export interface Done<T> {
  result: T
  /** Settles (never rejects) once the event is in the outbox and the guard let go. */
  settled: Promise<void>
}

/**
 * Runs the body of a change under the guard of its scope, as one unit: everything it wrote stands
 * with its event, or (once its repair is done) nothing is half done. The body may run more than
 * once (a transaction's attempts).
 * @throws IdentityError LOCK_BUSY or WRITE_CONFLICT, worth a new attempt of the request.
 */
export interface UnitOfWork {
  run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<Work<T>>): Promise<Done<T>>
}
