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
  /**
   * `pollMs`: how often a waiting request looks for the next event (by id: cheap everywhere);
   * `rescanMs`: how often it also reads the newest id (a scan on servers without sorted indexes,
   * such as FerretDB v1), in case an id was ever skipped.
   */
  constructor (private readonly store: IdentityStore, private readonly pollMs = 250, private readonly rescanMs = 5000) {}

  /**
   * The events after the cursor, up to `limit`. With `waitMs`, waits for one to arrive until the
   * time is up or `signal` aborts (client gone, server closing); then the page is empty and
   * `next` is where to continue.
   */
  async read (request: FeedRequest, signal: AbortSignal): Promise<FeedPage> {
    const { limit, types } = request
    const deadline = Date.now() + request.waitMs
    let newest = await this.store.newestEventId()
    let cursor = request.after === 'latest' ? newest : request.after
    let scanned = Date.now()
    for (;;) {
      // Read below a newest id taken first: every event up to it is visible, so a page that ends
      // short of the limit has seen all of them, and the cursor can move past those of other types.
      if (newest > cursor) {
        const events = await this.store.feed({ after: cursor, upTo: newest, limit, types })
        if (events.length === limit) return { events, next: events.at(-1)!.id }
        cursor = newest
        if (events.length > 0) return { events, next: cursor }
      }
      const left = deadline - Date.now()
      if (left <= 0 || signal.aborted) return { events: [], next: cursor }
      await sleep(Math.min(this.pollMs, left), undefined, { signal }).catch(() => {})
      // Ids are given out one after another, each once the one below it is visible: the next
      // event, when there is one, has the id after the cursor.
      if (Date.now() - scanned >= this.rescanMs || await this.store.findEvent(cursor + 1) !== null) {
        newest = await this.store.newestEventId()
        scanned = Date.now()
      }
    }
  }
}
