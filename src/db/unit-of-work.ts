// One change's guard and atomicity, as the store's change() needs them: a transaction, or lock documents.
import type { ClientSession } from 'mongoose'
import type { ChangeScope } from '../identity/identity-store.js'
import type { IdSequence, SequenceTurn } from './id-sequence.js'

/** What the body of a change gets from its unit of work. */
export interface Unit {
  /** The change's id, stamped on what it writes: a repair finds a dead change's writes by it. */
  readonly id: string
  /** The transaction's session, or undefined: handed to every operation as it is. */
  readonly session: ClientSession | undefined
  /** @throws IdentityError WRITE_CONFLICT when the guard may have passed to another change. */
  assertGuardHeld (): void
  /** A turn of `sequence`, held as long as this unit needs it. */
  turn (sequence: IdSequence): Promise<SequenceTurn>
  /** Says that the body starts writing: from here a failure may leave work for a repair. */
  writing (): void
}

/**
 * Runs the body of a change under the guard of its scope, as one unit: either everything it
 * wrote stands with its event, or nothing does once its repair is done. The body may run more
 * than once (a transaction's attempts).
 * @throws IdentityError LOCK_BUSY or WRITE_CONFLICT, worth a new attempt of the request.
 */
export interface UnitOfWork {
  run<T>(scope: ChangeScope, body: (unit: Unit) => Promise<T>): Promise<T>
}
