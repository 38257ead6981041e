// The ContactStore over Mongoose: no Mongo document or driver error leaves this file untranslated.
import { randomUUID } from 'node:crypto'
import type { ClientSession, Connection } from 'mongoose'
import type { Contact, ContactKeys, NewContact } from '../identity/contact.js'
import type { ContactStore, ContactStoreSession } from '../identity/contact-store.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ContactDocument, Models } from './models.js'
import { isDuplicateKey, translateStoreError } from './store-errors.js'

const CONTACT_FIELDS = { email: 1, phoneNumber: 1, linkedId: 1, linkPrecedence: 1, createdAt: 1, relinkPending: 1 } as const
type ContactRow = Pick<ContactDocument, '_id' | 'email' | 'phoneNumber' | 'linkedId' | 'linkPrecedence' | 'createdAt' | 'relinkPending'>

export interface MongoContactStoreOptions {
  connection: Connection
  models: Models
  /** Whether the server runs multi-document transactions (detected at start-up). */
  transactions: boolean
  /** How long a lock outlives a process that died holding it. */
  lockLeaseMs: number
}

export class MongoContactStore implements ContactStore {
  constructor (private readonly options: MongoContactStoreOptions) {}

  async unitOfWork<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    try {
      return this.options.transactions ? await this.inTransaction(work) : await this.direct(work)
    } catch (error) {
      throw translateStoreError(error)
    }
  }

  private async inTransaction<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    const clientSession = await this.options.connection.startSession()
    try {
      // The driver re-runs the callback on transient errors (write conflicts among them) and
      // retries the commit; an abort undoes the lock writes together with everything else.
      return await clientSession.withTransaction(async () => {
        const session = new MongoContactStoreSession(this.options, clientSession)
        const result = await work(session)
        await session.releaseLocks()
        return result
      }, { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' })
    } finally {
      await clientSession.endSession()
    }
  }

  private async direct<T>(work: (session: ContactStoreSession) => Promise<T>): Promise<T> {
    const session = new MongoContactStoreSession(this.options, undefined)
    try {
      return await work(session)
    } finally {
      // If the database is gone the locks cannot be released; their lease expires instead.
      await session.releaseLocks().catch(() => {})
    }
  }
}

class MongoContactStoreSession implements ContactStoreSession {
  readonly transactional: boolean
  private readonly models: Models
  private readonly owner = randomUUID()
  private readonly held: string[] = []

  constructor (private readonly options: MongoContactStoreOptions, private readonly session: ClientSession | undefined) {
    this.transactional = session !== undefined
    this.models = options.models
  }

  async findByKeys (keys: ContactKeys): Promise<Contact[]> {
    const or: object[] = []
    if (keys.email !== null) or.push({ email: keys.email })
    if (keys.phoneNumber !== null) or.push({ phoneNumber: keys.phoneNumber })
    return await this.findContacts({ $or: or })
  }

  async findById (id: number): Promise<Contact | null> {
    const [contact] = await this.findContacts({ _id: id })
    return contact ?? null
  }

  async findLinked (ids: readonly number[], childrenOf: readonly number[]): Promise<Contact[]> {
    const or: object[] = []
    if (ids.length > 0) or.push({ _id: { $in: ids } })
    if (childrenOf.length > 0) or.push({ linkedId: { $in: childrenOf } })
    return or.length === 0 ? [] : await this.findContacts({ $or: or })
  }

  async lock (names: readonly string[]): Promise<void> {
    const now = new Date()
    const expiresAt = new Date(now.getTime() + this.options.lockLeaseMs)
    const free = { $or: [{ owner: null }, { expiresAt: { $lte: now } }] }
    this.held.push(...names)
    try {
      // A held lock fails its filter, so the upsert tries to insert a second document with the
      // same _id and the unique _id index refuses it: busy. In a transaction, two units writing
      // one lock document is a write conflict, which the driver retries.
      await this.models.Lock.bulkWrite(names.map(_id => ({
        updateOne: { filter: { _id, ...free }, update: { $set: { owner: this.owner, expiresAt } }, upsert: true }
      })), { ordered: false, session: this.session })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request holds a lock this one needs', { cause: error })
    }
  }

  async releaseLocks (): Promise<void> {
    if (this.held.length === 0) return
    await this.models.Lock.updateMany(
      { _id: { $in: this.held }, owner: this.owner },
      { $set: { owner: null, expiresAt: null } },
      { session: this.session })
    this.held.length = 0
  }

  async insertContact (contact: NewContact): Promise<Contact> {
    const counter = await this.models.Counter.findOneAndUpdate(
      { _id: 'contacts' },
      { $inc: { seq: 1 }, $currentDate: { at: true } },
      { upsert: true, returnDocument: 'after', session: this.session }
    ).lean()
    const row = {
      _id: counter.seq,
      ...contact,
      linkPrecedence: contact.linkedId === null ? 'primary' as const : 'secondary' as const,
      createdAt: counter.at,
      updatedAt: counter.at,
      deletedAt: null
    }
    await this.models.Contact.insertOne(row, { session: this.session })
    return toContact(row)
  }

  async demote (id: number, primaryId: number): Promise<void> {
    const result = await this.models.Contact.updateOne(
      { _id: id, linkedId: null },
      { $set: { linkedId: primaryId, linkPrecedence: 'secondary', relinkPending: true, updatedAt: new Date() } },
      { session: this.session })
    if (result.matchedCount === 0) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `contact ${id} is no longer a primary`)
    }
  }

  async relinkChildren (parentIds: readonly number[], primaryId: number): Promise<void> {
    await this.models.Contact.updateMany(
      { linkedId: { $in: parentIds } },
      { $set: { linkedId: primaryId, updatedAt: new Date() } },
      { session: this.session })
  }

  async clearRelinkPending (ids: readonly number[]): Promise<void> {
    await this.models.Contact.updateMany({ _id: { $in: ids } }, { $unset: { relinkPending: 1 } }, { session: this.session })
  }

  private async findContacts (filter: object): Promise<Contact[]> {
    const rows = await this.models.Contact.find(filter, CONTACT_FIELDS, { session: this.session }).lean<ContactRow[]>()
    return rows.map(toContact)
  }
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
