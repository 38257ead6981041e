// The feed for other services: pages of events by cursor, from the newest one if asked, with a long poll.
import { setTimeout as sleep } from 'node:timers/promises'
import type { EventType, IdentityEvent } from '../model/events.js'
import type { IdentityStore } from '../identity-store.js'

export interface FeedRequest {
  /** The cursor: events with a larger id. `latest`: only those after the newest event now. */
  after: number | 'latest'
  limit: number
  /** Only these types; all when undefined. */
  types?: readonly EventType[] | undefined
  /** How long to wait for an event when there is none yet (0: answer at once). */
  waitMs: number
}

export interface FeedPage {
  events: IdentityEvent[]
  /** Where to continue from: always set, also on an empty or partial page. */
  next: number
}

export class FeedService {
  /** `pollMs`: how often a waiting request asks the database for a newer event. */
  constructor (private readonly store: IdentityStore, private readonly pollMs = 250) {}

  /**
   * The events after the cursor, up to `limit`. With `waitMs`, waits for one to arrive (asking the
   * database every `pollMs`) until the time is up or `signal` aborts (client gone, server
   * closing); then the page is empty and `next` is where to continue.
   */
  async read (request: FeedRequest, signal: AbortSignal): Promise<FeedPage> {
    const { limit, types } = request
    const deadline = Date.now() + request.waitMs
    let cursor = request.after === 'latest' ? await this.store.newestEventId() : request.after
    for (;;) {
      // Read below a newest id taken first: every event up to it is visible, so a page that ends
      // short of the limit has seen all of them, and the cursor can move past those of other types.
      const newest = await this.store.newestEventId()
      if (newest > cursor) {
        const events = await this.store.feed({ after: cursor, upTo: newest, limit, types })
        if (events.length === limit) return { events, next: events.at(-1)!.id }
        cursor = newest
        if (events.length > 0) return { events, next: cursor }
      }
      const left = deadline - Date.now()
      if (left <= 0 || signal.aborted) return { events: [], next: cursor }
      await sleep(Math.min(this.pollMs, left), undefined, { signal }).catch(() => {})
    }
  }
}
