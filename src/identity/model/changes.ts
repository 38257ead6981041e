// What one change to the identity graph writes, and the event that records it.
import type { ContactKeys, NewContact } from './contact.js'
import type { EventChange } from './events.js'

/** The writes of one change. The store orders them so that a crash between two leaves a state that reads resolve and the next change repairs. */
export interface GraphWrites {
  /** Primaries that become secondaries of `primaryId`; `relinkParents`: contacts whose children follow. */
  merge?: { primaryId: number, demote: readonly number[], relinkParents: readonly number[] }
  create?: NewContact
  /** A split: the new primary of each contact (null: it becomes a primary). */
  relink?: ReadonlyArray<{ contactId: number, primaryId: number | null }>
  /**
   * An erasure: suppress `suppress` (keys), take `emails` and `phoneNumbers` out of the log, then
   * empty the contacts (the primary last, so that a crash leaves the identity found by its id).
   */
  erase?: { primaryId: number, contactIds: readonly number[], emails: readonly string[], phoneNumbers: readonly string[], suppress: readonly string[] }
}

/**
 * An event without its origin (the scope's), id and time (the log's). `unit`: a key that makes
 * it once-only across changes (by default each change records at most one event).
 */
export type RecordedChange = EventChange & { contactIds: number[], cause: ContactKeys | null, unit?: string }
