// In-process queues in front of the lock documents: requests of one instance wait their turn
// here instead of polling the database with backoff.
import { Mutex, type MutexInterface } from 'async-mutex'

export class LocalLocks {
  private readonly queues = new Map<string, { mutex: Mutex, waiting: number }>()

  /** Waits for every named lock (in sorted order, so two requests never wait on each other). */
  async acquire (names: readonly string[]): Promise<() => void> {
    const releases: MutexInterface.Releaser[] = []
    for (const name of [...new Set(names)].sort()) {
      let queue = this.queues.get(name)
      if (queue === undefined) {
        queue = { mutex: new Mutex(), waiting: 0 }
        this.queues.set(name, queue)
      }
      queue.waiting++
      const release = await queue.mutex.acquire()
      const entry = queue
      releases.push(() => {
        release()
        // Forget idle queues, so that memory follows the requests in flight, not every email ever seen.
        if (--entry.waiting === 0) this.queues.delete(name)
      })
    }
    return () => { for (const release of releases.reverse()) release() }
  }
}
