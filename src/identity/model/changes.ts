// What one change to the identity graph writes, and the event that records it: a value the store carries out.
import type { Contact, ContactKeys, NewContact } from './contact.js'
import type { EventChange, HoldReason } from './events.js'

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

type Creation = Extract<RecordedChange, { type: 'contact.created' }>

type Held = Extract<RecordedChange, { type: 'merge.held' }>

/**
 * The event of a change, decided before the store writes: a creation's event leaves out what the
 * created contact gives (its id, email, phone and creation time), a hold's the id the store gives it.
 */
export type PlannedEvent = Exclude<RecordedChange, Creation | Held> | Omit<Creation, 'contactId' | 'contactIds' | 'email' | 'phoneNumber' | 'createdAt'> | Omit<Held, 'holdId'>

/**
 * What a change writes to the held merges: open one (the store gives it an id, which the change's
 * `merge.held` event names), gather one more held request into a pending one, or record its decision.
 */
export type HoldWrite =
  | { kind: 'open', reason: HoldReason, join: ContactKeys, primaryIds: number[], hub: number }
  | { kind: 'gather', holdId: number, reason: HoldReason, join: ContactKeys, primaryIds: number[] }
  | { kind: 'decide', holdId: number, status: 'approved' | 'rejected' }

/** One change to the identity graph, decided under the guard: what it writes and the event that records it (null: none). */
export interface Change {
  writes: GraphWrites
  event: PlannedEvent | null
  hold?: HoldWrite
}

/** What finishes a change whose holder died: the rest of its writes (none creates a contact), and its event. */
export interface Repair {
  writes: GraphWrites
  event: RecordedChange | null
}

/**
 * The event as the log records it: a creation's carries the contact the store created, a hold's
 * the id of the hold it opened.
 * @throws Error for a creation's event without a created contact, or a hold's without an id (a store bug).
 */
export function recordedEvent (event: PlannedEvent, created: Contact | null, holdId: number | null = null): RecordedChange {
  if (event.type === 'merge.held') {
    if (holdId === null) throw new Error('a merge.held event without a hold id')
    return { ...event, holdId }
  }
  if (event.type !== 'contact.created') return event
  if (created === null) throw new Error('a creation event without a created contact')
  return { ...event, ...contactCreated(created, event.cause) }
}

/** The event of a created contact: the contact as stored, so that a feed consumer can add it as it is. */
export function contactCreated (contact: Contact, cause: ContactKeys | null): Creation {
  const { id, linkedId, email, phoneNumber, createdAt } = contact
  return { type: 'contact.created', contactId: id, linkedId, email, phoneNumber, createdAt, contactIds: [id], cause }
}
