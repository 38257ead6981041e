// The feed's long poll over a store in memory: the next id is looked for often, the newest id now and then.
import { describe, expect, it } from 'vitest'
import type { IdentityEvent } from '../../src/identity/model/events.js'
import type { FeedQuery, IdentityStore } from '../../src/identity/identity-store.js'
import { FeedService } from '../../src/identity/services/feed-service.js'

function memoryStore (ids: number[]) {
  const event = (id: number) => ({ id, type: 'merge.rejected' }) as unknown as IdentityEvent
  const store = {
    newestEventId: async () => Math.max(0, ...ids),
    findEvent: async (id: number) => ids.includes(id) ? event(id) : null,
    feed: async ({ after, upTo, limit }: FeedQuery) => ids.filter(id => id > after && id <= upTo).slice(0, limit).map(event)
  }
  return store as unknown as IdentityStore
}

const never = new AbortController().signal

describe('FeedService.read', () => {
  it('answers soon after the next event appears', async () => {
    const ids = [1, 2]
    const feed = new FeedService(memoryStore(ids), 20, 60_000)
    setTimeout(() => ids.push(3), 100)
    const started = performance.now()
    expect(await feed.read({ after: 2, limit: 10, waitMs: 5000 }, never)).toEqual({ events: [{ id: 3, type: 'merge.rejected' }], next: 3 })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('still finds events after an id that was skipped, by reading the newest id now and then', async () => {
    const ids = [1, 2]
    const feed = new FeedService(memoryStore(ids), 20, 300)
    setTimeout(() => ids.push(4), 50)
    const page = await feed.read({ after: 2, limit: 10, waitMs: 5000 }, never)
    expect(page).toEqual({ events: [{ id: 4, type: 'merge.rejected' }], next: 4 })
  })

  it('answers an empty page with the cursor when the time is up or the signal aborts', async () => {
    const feed = new FeedService(memoryStore([1]), 20, 300)
    expect(await feed.read({ after: 'latest', limit: 10, waitMs: 100 }, never)).toEqual({ events: [], next: 1 })
    const aborted = new AbortController()
    setTimeout(() => aborted.abort(), 50)
    const started = performance.now()
    expect(await feed.read({ after: 1, limit: 10, waitMs: 30_000 }, aborted.signal)).toEqual({ events: [], next: 1 })
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
