// What one change to the identity graph writes, and the event that records it.
import type { ContactKeys, NewContact } from './contact.js'
import type { EventChange, HoldReason } from './events.js'

/** The writes of one change. The store orders them so that a crash between two leaves a state that reads resolve and the next change repairs. */
export interface GraphWrites {
  /** Primaries that become secondaries of `primaryId`; `relinkParents`: contacts whose children follow. */
  merge?: { primaryId: number, demote: readonly number[], relinkParents: readonly number[] }
  create?: NewContact
  /** A split: the new primary of each contact (null: it becomes a primary). */
  relink?: ReadonlyArray<{ contactId: number, primaryId: number | null }>
}

/**
 * An event without its origin (the scope's), id and time (the log's). `unit`: a key that makes
 * it once-only across changes (by default each change records at most one event).
 */
export type RecordedChange = EventChange & { contactIds: number[], cause: ContactKeys | null, unit?: string }

/**
 * What a change writes to the held merges: open one (its id is the id of the change's
 * `merge.held` event), gather one more held request into a pending one, or record its decision.
 */
export type HoldWrite =
  | { kind: 'open', reason: HoldReason, join: ContactKeys, primaryIds: number[], hub: number }
  | { kind: 'gather', holdId: number, reason: HoldReason, join: ContactKeys, primaryIds: number[] }
  | { kind: 'decide', holdId: number, status: 'approved' | 'rejected' }
