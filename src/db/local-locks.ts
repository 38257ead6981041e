// In-process queues in front of the lock documents: requests of one instance wait their turn
// here instead of polling the database with backoff.
import { E_TIMEOUT, Mutex, withTimeout, type MutexInterface } from 'async-mutex'

export class LocalLocks {
  private readonly queues = new Map<string, { mutex: MutexInterface, waiting: number }>()

  /**
   * @param waitLimitMs How long to queue for one name. A holder stuck for longer (a hung
   * database call) must not hold up the others for good: past the limit a request goes on to
   * the lock document, whose lease decides.
   */
  constructor (private readonly waitLimitMs: number) {}

  /**
   * Waits for every named lock in sorted order, so that two requests never wait on each other.
   * With `wait: false`, returns null at once if one of them is taken.
   */
  async acquire (names: readonly string[], { wait = true } = {}): Promise<(() => void) | null> {
    const releases: Array<() => void> = []
    const releaseAll = (): void => { for (const release of releases.reverse()) release() }
    for (const name of [...new Set(names)].sort()) {
      if (!wait && this.queues.get(name)?.mutex.isLocked() === true) {
        releaseAll()
        return null
      }
      let queue = this.queues.get(name)
      if (queue === undefined) {
        queue = { mutex: withTimeout(new Mutex(), this.waitLimitMs), waiting: 0 }
        this.queues.set(name, queue)
      }
      queue.waiting++
      const entry = queue
      // Forget idle queues, so that memory follows the requests in flight, not every email seen.
      const leave = (): void => { if (--entry.waiting === 0) this.queues.delete(name) }
      try {
        const release = await queue.mutex.acquire()
        releases.push(() => { release(); leave() })
      } catch (error) {
        leave()
        if (error !== E_TIMEOUT) throw error
      }
    }
    return releaseAll
  }
}
