// What the identity service needs from storage, in intents: read clusters, change them under a
// guard, read the evidence log. The Mongo adapter implements it.
import type { Cluster } from './model/clusters.js'
import type { Contact, ContactKeys } from './model/contact.js'
import type { Change, RecordedChange } from './model/changes.js'
import type { ErasureIntent, EventOrigin, EventType, IdentityEvent, UndoTarget } from './model/events.js'
import type { BlockRule } from './rules/guardrails.js'
import type { Hold, HoldStatus } from './rules/holds.js'

/** What a change covers: no other change that shares a key or a cluster with it runs at the same time. */
export interface ChangeScope {
  /** The request's identifiers (null for changes by contact, such as an undo). */
  keys: ContactKeys | null
  /**
   * Primaries of the clusters the change was planned on, as a read of `keys` found them before the
   * guard: none means that read found no contact for `keys` (the store may then prove that none
   * was written since, instead of reading again).
   */
  primaryIds: readonly number[]
  origin: EventOrigin
  /** What an undo takes away, kept with the guard so that a repair can record a crashed undo. */
  undo?: UndoTarget
  /** An erasure: its intent, kept with the guard, and the identifiers it also locks (so that it waits for requests that hold them). */
  erase?: ErasureIntent & Identifiers
  /**
   * Suppression keys of the request's identifiers: checked under the guard, so that a request
   * screened before an erasure of one of them cannot store it after.
   * @see Suppression
   */
  suppressionKeys?: readonly string[]
  /** False: fail at once with LOCK_BUSY instead of waiting for another change to finish. */
  wait?: boolean
  /** Also read, under the guard, the events of the clusters' contacts (for decisions on evidence). */
  withEvents?: boolean
  /** A decision on this hold: guarded by it too (approve and reject exclude each other), and read under the guard. */
  holdId?: number
  /** Read, under the guard, the holds of this hub identity (to gather a held request into its pending one). */
  hub?: number
}

/** Emails and phones, normalised. */
export interface Identifiers { emails: readonly string[], phoneNumbers: readonly string[] }

/** Which events to find: of these types. */
export interface EventQuery { types: readonly EventType[] }

export interface EventPage { after: number, limit: number }

/** A page of the feed: events after `after` up to `upTo` (a newest id read before), of `types` when given. */
export interface FeedQuery extends EventPage { upTo: number, types?: readonly EventType[] | undefined }

/** A page of held merges: `status` keeps those in that state. */
export interface HoldPage extends EventPage { status?: HoldStatus | undefined }

/**
 * Decides a change from the clusters read under the guard (and, when the scope asks, their events
 * and the holds it names: its `holdId`'s, or its hub's). Pure: it may run more than once. It
 * returns the change, and may carry along anything else the caller needs for its answer (the
 * plan, say): the store hands it back untouched.
 */
export type Decide<C extends Change> = (clusters: Cluster[], events: IdentityEvent[], holds: Hold[]) => C

/** A change the store carried out: the decided change as `decide` returned it, the contact it created and the event it recorded. */
export interface Applied<C extends Change> {
  change: C
  created: Contact | null
  /** The event as recorded, before the sequencer numbers it (null: none). */
  event: RecordedChange | null
  /**
   * The event with its number and time, once the sequencer gave it them (for answers that name it).
   * @throws IdentityError DATABASE_UNAVAILABLE when no number came in time
   */
  numbered (): Promise<IdentityEvent | null>
}

export interface IdentityStore {
  /** The complete clusters that hold `keys` and, when given, the clusters of `primaryIds`; oldest first. Writes nothing. */
  readClusters (keys: ContactKeys | null, primaryIds?: readonly number[]): Promise<Cluster[]>
  /**
   * The cluster that contact `id` belongs to; null when there is no such contact. Writes nothing.
   * @throws IdentityError CONTACT_ERASED
   */
  readClusterOf (id: number): Promise<Cluster | null>
  /**
   * Guards `scope`, reads its clusters again under the guard, asks `decide` for the change, and
   * writes it with its event as one unit (one transaction where the server has them).
   * @returns the change with what the store created and recorded; the caller builds its answer.
   * Clusters whose identity was erased are not read: an erasure leaves nothing to link to.
   * @throws IdentityError LOCK_BUSY (with `wait: false`), WRITE_CONFLICT when the clusters moved
   * out of the scope or one of `suppressionKeys` is suppressed; both are worth a new attempt.
   */
  change<C extends Change>(scope: ChangeScope, decide: Decide<C>): Promise<Applied<C>>
  /** Events that touched one of `contactIds`, in id order. */
  eventsOf (contactIds: readonly number[], page?: EventPage): Promise<IdentityEvent[]>
  /** Events whose cause or join names one of these identifiers, in id order. */
  eventsNaming (identifiers: Identifiers): Promise<IdentityEvent[]>
  /** Every event (of the query's types), in id order. */
  feed (query: FeedQuery): Promise<IdentityEvent[]>
  /** The newest event's id (0 when there is none): every event up to it is visible already. */
  newestEventId (): Promise<number>
  findEvent (id: number): Promise<IdentityEvent | null>
  findEvents (query: EventQuery): Promise<IdentityEvent[]>
  findHold (id: number): Promise<Hold | null>
  /** Holds whose evidence names one of `identifiers`, or that name one of `contactIds` as an identity. */
  holdsNaming (identifiers: Identifiers, contactIds: readonly number[]): Promise<Hold[]>
  /** Held merges in id order (oldest first), after `page.after`, and the cursor of the next page (null at the end). */
  holds (page: HoldPage): Promise<{ holds: Hold[], next: number | null }>
  /** Records an event that changes no contact (an admin action on the blocklist), and waits for its number. */
  recordEvent (origin: EventOrigin, change: RecordedChange): Promise<IdentityEvent>
}

/** The operators' blocklist rules, as stored (the built-in ones are not). */
export interface BlocklistStore {
  rules (): Promise<BlockRule[]>
  /** @throws IdentityError RULE_EXISTS for the same field, match and value. */
  add (rule: BlockRule): Promise<void>
  /** False when there was no such rule. */
  remove (id: string): Promise<boolean>
}

/** Keyed hashes of erased identifiers (see Suppression). */
export interface SuppressionStore {
  /** Those of `keys` that are suppressed. */
  suppressed (keys: readonly string[]): Promise<Set<string>>
  /** False when `key` was not suppressed. */
  lift (key: string): Promise<boolean>
}
