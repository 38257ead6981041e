// Increasing integer ids (contacts, events) without a counter document: the unique _id decides.
import { Mutex } from 'async-mutex'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import { isDuplicateKey } from './store-errors.js'

/** The highest id known to exist, and its time: the next one is never older. */
export interface LastId { id: number, at: Date }

// Other instances may take the ids we try; give up (and retry the request) after this many.
const MAX_ATTEMPTS = 20

/**
 * Hands out ids one process at a time, in order: a process queues its writers here instead of
 * letting them collide on the same id (16 racing creators once took 14 s at p99 that way), and
 * tries the id after the highest it knows. Another instance may have taken it: the unique `_id`
 * refuses the insert, and the highest id is read again. An id is tried only once the one below
 * it exists, so ids become visible in order and times grow with ids.
 *
 * Inside a transaction the turn lasts until the transaction ends (`release`): an id inserted but
 * not yet committed must not let a later one commit first, or a consumer paging by id would
 * skip it.
 */
export class IdSequence {
  private last: LastId | undefined
  private readonly mutex = new Mutex()

  constructor (private readonly readHighest: () => Promise<LastId>) {}

  /**
   * Waits for this process's turn; every id of the turn is taken through it. `inTransaction`: a
   * duplicate aborts the transaction, so it is a conflict for the caller to retry, not a reason
   * to try the next id.
   */
  async turn ({ inTransaction }: { inTransaction: boolean }): Promise<SequenceTurn> {
    const release = await this.mutex.acquire()
    return new SequenceTurn(this, release, inTransaction)
  }

  /** @internal */
  known (): LastId | undefined { return this.last }
  /** @internal */
  learn (last: LastId | undefined): void { this.last = last }
  /** @internal */
  async highest (): Promise<LastId> { return await this.readHighest() }
}

export class SequenceTurn {
  private taken: LastId | undefined
  private released = false

  constructor (private readonly sequence: IdSequence, private readonly releaseMutex: () => void, private readonly inTransaction: boolean) {}

  /** Inserts with the next free id. */
  async insert<T> (write: (id: number, at: Date) => Promise<T>): Promise<T> {
    let last = this.taken ?? this.sequence.known() ?? await this.sequence.highest()
    for (let attempt = 1; ; attempt++) {
      const next = { id: last.id + 1, at: new Date(Math.max(Date.now(), last.at.getTime())) }
      try {
        const result = await write(next.id, next.at)
        this.taken = next
        return result
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // What we knew is stale: read it again next time, whatever happens now.
        this.sequence.learn(undefined)
        if (this.inTransaction || attempt >= MAX_ATTEMPTS) {
          throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'another instance took the same id', { cause: error })
        }
        last = await this.sequence.highest()
      }
    }
  }

  /** Ends the turn; `kept`: the ids taken exist for good (inserted, or committed). */
  release (kept: boolean): void {
    if (this.released) return
    this.released = true
    if (kept && this.taken !== undefined) this.sequence.learn(this.taken)
    this.releaseMutex()
  }
}
