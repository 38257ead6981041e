// The ContactStore over Mongoose: no Mongo document or driver error leaves this file untranslated.
import { randomUUID } from 'node:crypto'
import type { ClientSession, Connection } from 'mongoose'
import type { Contact, ContactKeys, NewContact } from '../identity/contact.js'
import type { ContactStore, ContactStoreSession } from '../identity/contact-store.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import { LocalLocks } from './local-locks.js'
import type { ContactDocument, Models } from './models.js'
import { giveUp, isDuplicateKey, translateStoreError } from './store-errors.js'

// Concurrent creations in other clusters may take the id we try; give up (and retry the request) after this many.
const MAX_ID_ATTEMPTS = 20
const CONTACT_FIELDS = { email: 1, phoneNumber: 1, linkedId: 1, linkPrecedence: 1, createdAt: 1, relinkPending: 1 } as const
type ContactRow = Pick<ContactDocument, '_id' | 'email' | 'phoneNumber' | 'linkedId' | 'linkPrecedence' | 'createdAt' | 'relinkPending'>

export interface MongoContactStoreOptions {
  connection: Connection
  models: Models
  /** Whether the server runs multi-document transactions (detected at start-up). */
  transactions: boolean
  /** How long a lock outlives a process that died holding it. */
  lockLeaseMs: number
  /** After this long, no new attempt of a transaction starts, and a commit may take no longer. */
  transactionTimeoutMs: number
}

/** The highest contact id handed out, and its creation time. */
interface LastId { seq: number, at: Date }

export class MongoContactStore implements ContactStore {
  private readonly localLocks: LocalLocks

  constructor (private readonly options: MongoContactStoreOptions) {
    this.localLocks = new LocalLocks(options.lockLeaseMs)
  }

  async unitOfWork<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    try {
      return this.options.transactions ? await this.inTransaction(work) : await this.direct(work)
    } catch (error) {
      throw translateStoreError(error)
    }
  }

  private async inTransaction<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    const clientSession = await this.options.connection.startSession()
    // The driver re-runs the callback on transient errors (write conflicts, a lost server) for
    // up to two minutes, and ignores timeoutMS (driver 7.8); a request must be answered sooner.
    const deadline = Date.now() + this.options.transactionTimeoutMs
    let lastError: unknown
    try {
      return await clientSession.withTransaction(async () => {
        // Thrown from the callback, a domain error ends the retries: the driver aborts and rethrows it.
        if (Date.now() > deadline) throw giveUp(lastError)
        const session = new MongoContactStoreSession(this.options, this.localLocks, clientSession)
        try {
          const result = await work(session)
          await session.releaseLocks()
          return result
        } catch (error) {
          lastError = error
          throw error
        }
      }, {
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
        readPreference: 'primary',
        // An abort undoes the lock writes with everything else; a commit may not wait forever.
        maxCommitTimeMS: this.options.transactionTimeoutMs
      })
    } finally {
      await clientSession.endSession()
    }
  }

  private async direct<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    const session = new MongoContactStoreSession(this.options, this.localLocks, undefined)
    try {
      return await work(session)
    } finally {
      // If the database is gone the locks cannot be released; their lease expires instead.
      await session.releaseLocks().catch(() => {})
      session.releaseLocalLocks()
    }
  }
}

class MongoContactStoreSession implements ContactStoreSession {
  readonly transactional: boolean
  private readonly models: Models
  private readonly owner = randomUUID()
  private readonly held: string[] = []
  private lockedAt = 0
  private releaseLocal: (() => void) | undefined

  constructor (
    private readonly options: MongoContactStoreOptions,
    private readonly localLocks: LocalLocks,
    private readonly session: ClientSession | undefined
  ) {
    this.transactional = session !== undefined
    this.models = options.models
  }

  async findByKeys (keys: ContactKeys, clustersOf: readonly number[] = []): Promise<Contact[]> {
    const or: object[] = linkedClauses(clustersOf, clustersOf)
    if (keys.email !== null) or.push({ email: keys.email })
    if (keys.phoneNumber !== null) or.push({ phoneNumber: keys.phoneNumber })
    return await this.findContacts({ $or: or })
  }

  async findById (id: number): Promise<Contact | null> {
    const [contact] = await this.findContacts({ _id: id })
    return contact ?? null
  }

  async findLinked (ids: readonly number[], childrenOf: readonly number[]): Promise<Contact[]> {
    const or = linkedClauses(ids, childrenOf)
    return or.length === 0 ? [] : await this.findContacts({ $or: or })
  }

  async lock (names: readonly string[], { wait = true }: { wait?: boolean } = {}): Promise<void> {
    // Only a unique _id is atomic on every server we run on (FerretDB's conditional updates
    // read then write), so a lock is a document that exists while it is held: inserting it
    // takes the lock, and a duplicate key means another unit holds it. In a transaction, two
    // units inserting one _id is also a write conflict, which the driver retries.
    // Only units without a transaction queue in memory: a transaction's snapshot is already
    // taken, so waiting would only make its write conflict certain.
    if (!this.transactional) {
      const release = await this.localLocks.acquire(names, { wait })
      if (release === null) throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request of this process holds a lock this one needs')
      this.releaseLocal = release
    }
    // Before the insert: a lock the server took but whose answer got lost must still be released,
    // and a slow insert eats into the lease.
    this.lockedAt = Date.now()
    this.held.push(...names)
    const expiresAt = new Date(this.lockedAt + this.options.lockLeaseMs)
    try {
      await this.models.Lock.insertMany(names.map(_id => ({ _id, owner: this.owner, expiresAt })),
        { ordered: false, session: this.session })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      // A transaction aborts on the error and takes its inserts with it; without one, undo ours.
      if (!this.transactional) await this.releaseLocks()
      await this.clearExpiredLocks(names)
      throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request holds a lock this one needs', { cause: error })
    }
  }

  async releaseLocks (): Promise<void> {
    if (this.held.length === 0) return
    await this.models.Lock.deleteMany({ _id: { $in: this.held }, owner: this.owner }, { session: this.session })
    this.held.length = 0
  }

  releaseLocalLocks (): void {
    this.releaseLocal?.()
    this.releaseLocal = undefined
  }

  /**
   * Removes locks whose holder died (their lease ran out), so that the next attempt can take
   * them and repair whatever the holder left half done. A marker document, unique per expired
   * holder, makes sure that only one request removes a given expired lock. Runs outside any
   * transaction: the failed insert has aborted it, and these writes must stand on their own.
   */
  private async clearExpiredLocks (names: readonly string[]): Promise<void> {
    const expired = await this.models.Lock.find({ _id: { $in: names }, expiresAt: { $lte: new Date() } }).lean()
    for (const lock of expired) {
      const marker = `${lock._id}#expired#${lock.owner}`
      const now = new Date()
      try {
        await this.models.Lock.insertOne({ _id: marker, owner: this.owner, expiresAt: new Date(now.getTime() + this.options.lockLeaseMs) })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // Another request is removing it, or died doing so: then its marker expires in turn.
        await this.models.Lock.deleteOne({ _id: marker, expiresAt: { $lte: now } })
        continue
      }
      await this.models.Lock.deleteOne({ _id: lock._id, owner: lock.owner })
      await this.models.Lock.deleteOne({ _id: marker })
    }
  }

  /**
   * Without a transaction nothing can stop a holder whose lease ran out from writing after
   * another request took its lock over. Stop writing at half the lease instead: a single write
   * would have to stall for the other half to overlap with the next holder.
   */
  private assertLeaseHeld (): void {
    if (this.transactional || this.held.length === 0) return
    if (Date.now() - this.lockedAt > this.options.lockLeaseMs / 2) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the lock lease ran low before the writes were done')
    }
  }

  async insertContact (contact: NewContact): Promise<Contact> {
    this.assertLeaseHeld()
    // The unique _id decides who gets an id; the counter only says where to try first, so a
    // stale counter costs a retry, never a duplicate. An id is tried only once the one below it
    // exists, so ids and creation times grow together.
    let last = await this.readCounter(this.session)
    for (let attempt = 1; ; attempt++) {
      const id = last.seq + 1
      const createdAt = new Date(Math.max(Date.now(), last.at.getTime()))
      const row = {
        _id: id,
        ...contact,
        linkPrecedence: contact.linkedId === null ? 'primary' as const : 'secondary' as const,
        createdAt,
        updatedAt: createdAt,
        deletedAt: null
      }
      try {
        await this.models.Contact.insertOne(row, { session: this.session })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // A transaction is aborted by the error: the request's next attempt reads the counter again.
        if (this.transactional || attempt >= MAX_ID_ATTEMPTS) throw error
        // The counter lags (a lost update on FerretDB, imported contacts): after a few misses,
        // start from the highest stored id instead of walking up one id at a time.
        const counter = attempt < 3 ? await this.readCounter(undefined) : await this.readHighestId()
        last = counter.seq >= id ? counter : { seq: id, at: createdAt }
        continue
      }
      await this.models.Counter.updateOne({ _id: 'contacts' }, { $max: { seq: id, at: createdAt } },
        { upsert: true, session: this.session })
      return toContact(row)
    }
  }

  private async readHighestId (): Promise<LastId> {
    const [highest] = await this.models.Contact.find({}, { createdAt: 1 }).sort({ _id: -1 }).limit(1).lean()
    return highest === undefined ? { seq: 0, at: new Date(0) } : { seq: highest._id, at: highest.createdAt }
  }

  private async readCounter (session: ClientSession | undefined): Promise<LastId> {
    const counter = await this.models.Counter.findById('contacts', null, { session }).lean()
    return counter === null ? { seq: 0, at: new Date(0) } : { seq: counter.seq, at: counter.at }
  }

  async demote (id: number, primaryId: number, hasChildren: boolean): Promise<void> {
    this.assertLeaseHeld()
    const result = await this.models.Contact.updateOne(
      { _id: id, linkedId: null },
      { $set: { linkedId: primaryId, linkPrecedence: 'secondary', updatedAt: new Date(), ...(hasChildren ? { relinkPending: true } : {}) } },
      { session: this.session })
    if (result.matchedCount === 0) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `contact ${id} is no longer a primary`)
    }
  }

  async relinkChildren (parentIds: readonly number[], primaryId: number): Promise<void> {
    this.assertLeaseHeld()
    await this.models.Contact.updateMany(
      { linkedId: { $in: parentIds } },
      { $set: { linkedId: primaryId, updatedAt: new Date() } },
      { session: this.session })
  }

  async clearRelinkPending (ids: readonly number[]): Promise<void> {
    this.assertLeaseHeld()
    await this.models.Contact.updateMany({ _id: { $in: ids } }, { $unset: { relinkPending: 1 } }, { session: this.session })
  }

  private async findContacts (filter: object): Promise<Contact[]> {
    const rows = await this.models.Contact.find(filter, CONTACT_FIELDS, { session: this.session }).lean<ContactRow[]>()
    return rows.map(toContact)
  }
}

/** `$or` clauses for the contacts with one of `ids` and the contacts linked to one of `childrenOf`. */
function linkedClauses (ids: readonly number[], childrenOf: readonly number[]): object[] {
  const or: object[] = []
  if (ids.length > 0) or.push({ _id: { $in: ids } })
  if (childrenOf.length > 0) or.push({ linkedId: { $in: childrenOf } })
  return or
}

function toContact (row: ContactRow): Contact {
  return {
    id: row._id,
    email: row.email ?? null,
    phoneNumber: row.phoneNumber ?? null,
    linkedId: row.linkedId ?? null,
    linkPrecedence: row.linkPrecedence,
    createdAt: row.createdAt,
    relinkPending: row.relinkPending === true
  }
}
