// What the identity service needs from storage; the Mongo adapter implements it.
import type { Contact, ContactKeys, NewContact } from './contact.js'

/** Reads and writes of one unit of work (one transaction where the database has them). */
export interface ContactStoreSession {
  /** True when the unit runs in a snapshot transaction: reads cannot change under it. */
  readonly transactional: boolean
  /**
   * Contacts whose email or phone equals one of the keys and, in the same round trip, the
   * primaries `clustersOf` with every contact linked to them.
   */
  findByKeys (keys: ContactKeys, clustersOf?: readonly number[]): Promise<Contact[]>
  findById (id: number): Promise<Contact | null>
  /** Contacts with one of `ids`, and contacts linked to one of `childrenOf`, in one round trip. */
  findLinked (ids: readonly number[], childrenOf: readonly number[]): Promise<Contact[]>
  /**
   * Takes the named locks for the rest of the unit of work, all or none. Units of one process
   * queue for a lock unless `wait` is false.
   * @throws IdentityError LOCK_BUSY when another unit holds one of them.
   */
  lock (names: readonly string[], options?: { wait?: boolean }): Promise<void>
  /** Allocates the next id and creation time and inserts the contact. */
  insertContact (contact: NewContact): Promise<Contact>
  /**
   * Makes primary `id` a secondary of `primaryId`; with `hasChildren`, flagged until its
   * children are re-pointed.
   * @throws IdentityError WRITE_CONFLICT when `id` is no longer a primary.
   */
  demote (id: number, primaryId: number, hasChildren: boolean): Promise<void>
  /** Re-points every contact linked to one of `parentIds` to `primaryId`. */
  relinkChildren (parentIds: readonly number[], primaryId: number): Promise<void>
  /** Clears the flag that `demote` set, once the children are re-pointed. */
  clearRelinkPending (ids: readonly number[]): Promise<void>
}

export interface ContactStore {
  /**
   * Runs `work` as one unit: inside a transaction where the database supports them (retried by
   * the driver on transient errors, so `work` must be safe to run twice), with direct writes
   * otherwise. Locks taken by `work` are released when it ends, whether it succeeds or fails.
   */
  unitOfWork<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T>
}
