// The IdentityStore over Mongoose: a change is carried out as one unit of work (a transaction
// where the server has them, lock documents otherwise). No driver error leaves it untranslated.
import { randomUUID } from 'node:crypto'
import type { ClientSession, Connection } from 'mongoose'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { Applied, ChangeScope, Decide, EventPage, EventQuery, FeedQuery, HoldPage, Identifiers, IdentityStore } from '../identity/identity-store.js'
import { recordedEvent, type Change, type RecordedChange, type Repair } from '../identity/model/changes.js'
import type { Cluster } from '../identity/model/clusters.js'
import type { ContactKeys } from '../identity/model/contact.js'
import type { EventOrigin, IdentityEvent } from '../identity/model/events.js'
import type { Field } from '../identity/rules/guardrails.js'
import type { Hold } from '../identity/rules/holds.js'
import { planRepair, repairReads } from '../identity/rules/recovery.js'
import { ContactReads, toContact } from './contact-reads.js'
import { ContactWrites } from './contact-writes.js'
import { ErasureWrites } from './erasure-writes.js'
import { EventLog } from './event-log.js'
import { HoldDocuments } from './hold-documents.js'
import { IdSequence } from './id-sequence.js'
import { keysOfLockNames, LockDocuments, lockNames, primaryIdsOfLockNames, type DeadHolder } from './lock-documents.js'
import { LockUnitOfWork } from './lock-unit-of-work.js'
import type { Models } from './models.js'
import { translateStoreError } from './store-errors.js'
import { TransactionUnitOfWork } from './transaction-unit-of-work.js'
import type { UnitOfWork } from './unit-of-work.js'

export interface MongoIdentityStoreOptions {
  connection: Connection
  models: Models
  /** Whether the server runs multi-document transactions (detected at start-up). */
  transactions: boolean
  /** How long a lock outlives a process that died holding it. */
  lockLeaseMs: number
  /** After this long, no new attempt of a transaction starts, and a commit may take no longer. */
  transactionTimeoutMs: number
  /** The suppression key of an identifier (when ERASURE_SECRET is set), for the repair of an erasure. */
  suppressionKey?: ((field: Field, value: string) => string) | undefined
}

export class MongoIdentityStore implements IdentityStore {
  private readonly reads: ContactReads
  private readonly events: EventLog
  private readonly unitOfWork: UnitOfWork
  private readonly contactIds: IdSequence
  private readonly eventIds: IdSequence

  constructor (private readonly options: MongoIdentityStoreOptions) {
    const { models } = options
    this.reads = new ContactReads(models)
    this.events = new EventLog(models)
    const repair = async (holder: DeadHolder): Promise<void> => { await this.repairDeadHolder(holder) }
    const locks = new LockDocuments(models, options.lockLeaseMs, repair)
    this.unitOfWork = options.transactions
      ? new TransactionUnitOfWork(options.connection, locks, options.transactionTimeoutMs)
      : new LockUnitOfWork(locks, options.lockLeaseMs, repair)
    this.contactIds = new IdSequence(async () => {
      const [row] = await models.Contact.find({}, { createdAt: 1 }).sort({ _id: -1 }).limit(1).lean()
      return row === undefined ? { id: 0, at: new Date(0) } : { id: row._id, at: row.createdAt }
    })
    this.eventIds = new IdSequence(async () => await this.events.highest())
  }

  /**
   * Forgets the highest ids this process knows, so that the next ones are read from the database:
   * for when the collections were emptied or restored behind the service's back (tests do).
   */
  forgetIds (): void {
    this.contactIds.learn(undefined)
    this.eventIds.learn(undefined)
  }

  async readClusters (keys: ContactKeys | null, primaryIds: readonly number[] = []): Promise<Cluster[]> {
    return await translated(async () => (await this.reads.clusters(keys, primaryIds)).clusters)
  }

  async readClusterOf (id: number): Promise<Cluster | null> {
    return await translated(async () => await this.reads.clusterOf(id))
  }

  async eventsOf (contactIds: readonly number[], page?: EventPage): Promise<IdentityEvent[]> {
    return await translated(async () => await this.events.eventsOf(contactIds, page))
  }

  async feed (query: FeedQuery): Promise<IdentityEvent[]> {
    return await translated(async () => await this.events.feed(query))
  }

  async newestEventId (): Promise<number> {
    return await translated(async () => (await this.events.highest()).id)
  }

  async eventsNaming (identifiers: Identifiers): Promise<IdentityEvent[]> {
    return await translated(async () => await this.events.naming(identifiers))
  }

  async findEvent (id: number): Promise<IdentityEvent | null> {
    return await translated(async () => await this.events.find(id))
  }

  async findEvents (query: EventQuery): Promise<IdentityEvent[]> {
    return await translated(async () => await this.events.query(query))
  }

  async findHold (id: number): Promise<Hold | null> {
    return await translated(async () => await new HoldDocuments(this.options.models).find(id))
  }

  async holdsNaming (identifiers: Identifiers, contactIds: readonly number[]): Promise<Hold[]> {
    return await translated(async () => await new HoldDocuments(this.options.models).naming(identifiers, contactIds))
  }

  async holds (page: HoldPage): Promise<{ holds: Hold[], next: number | null }> {
    return await translated(async () => await new HoldDocuments(this.options.models).page(page))
  }

  async recordEvent (origin: EventOrigin, change: RecordedChange): Promise<IdentityEvent> {
    return await translated(async () => await this.appendAlone(randomUUID(), origin, change))
  }

  /** Appends an event outside any unit of work, taking its own turn for the id. */
  private async appendAlone (unit: string, origin: EventOrigin, change: RecordedChange): Promise<IdentityEvent> {
    const turn = await this.eventIds.turn({ inTransaction: false })
    try {
      return await this.events.append(turn, unit, origin, change, undefined)
    } finally {
      turn.release(true)
    }
  }

  async change<C extends Change>(scope: ChangeScope, decide: Decide<C>): Promise<Applied<C>> {
    return await translated(async () => await this.unitOfWork.run(scope, async unit => {
      // Without a snapshot, what was read before the guard may have changed: read again, the
      // clusters already known in the same round trip.
      const { clusters, highestFence } = await new ContactReads(this.options.models, unit.session).clusters(scope.keys, scope.primaryIds)
      if (clusters.some(c => !scope.primaryIds.includes(c.primary.id))) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the identity changed before it was locked')
      }
      // Suppressions are written before an erasure takes anything away, so this sees any that
      // could matter: the request is screened again on its next attempt.
      if (scope.suppressionKeys !== undefined && await this.anySuppressed(scope.suppressionKeys, unit.session)) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'an identifier of the request was erased while it waited')
      }
      const events = scope.withEvents === true ? await new EventLog(this.options.models, unit.session).eventsOf(clusters.flatMap(c => c.contacts.map(m => m.id))) : []
      const holds = new HoldDocuments(this.options.models, unit.session)
      const change = decide(clusters, events, await heldUnder(scope, holds))
      const writer = {
        unit: unit.id,
        // Higher than any token on what we read, and than any holder's whose lease ran out before.
        fence: Math.max(Date.now(), highestFence + 1),
        session: unit.session,
        assertLeaseHeld: () => { unit.assertGuardHeld() }
      }
      if (change.writes.erase !== undefined) await this.assertUnheld(change.writes.erase, lockNames(scope), unit.session)
      unit.writing()
      if (change.writes.erase !== undefined) await new ErasureWrites(this.options.models, writer).apply(change.writes.erase)
      const created = await new ContactWrites(this.options.models, writer).apply(change.writes, async () => await unit.turn(this.contactIds))
      let event: IdentityEvent | null = null
      if (change.event !== null) {
        unit.assertGuardHeld()
        event = await this.events.append(await unit.turn(this.eventIds), unit.id, scope.origin, recordedEvent(change.event, created), unit.session)
      }
      if (change.hold !== undefined) {
        unit.assertGuardHeld()
        await holds.apply(change.hold, event, scope.origin)
      }
      return { change, created, event }
    }))
  }

  /**
   * The repair of a dead holder that wrote and did not record: a merge or a new contact gets the
   * event its contacts show; an undo is finished (the parts not split off yet are) and recorded;
   * an erasure is finished.
   */
  private async repairDeadHolder (holder: DeadHolder): Promise<void> {
    const { erase } = holder.intent
    // An erasure may have written suppressions and the log before any contact: always finished.
    if (erase === null && await this.events.recorded(holder.owner)) return
    const written = (await this.reads.writtenBy(holder.owner)).map(row => ({ contact: toContact(row), as: row.change! }))
    const dead = { cause: keysOfLockNames(holder.names), primaryIds: primaryIdsOfLockNames(holder.names), undo: holder.intent.undo, erase, written }
    const readIds = repairReads(dead)
    // An erasure's identity is read half erased as it is, to be finished.
    const { clusters, highestFence } = readIds.length === 0 ? { clusters: [], highestFence: 0 } : await this.reads.clusters(null, readIds, erase !== null)
    const events = dead.undo === null ? [] : await this.events.eventsOf(clusters.flatMap(c => c.contacts.map(m => m.id)))
    const repair = planRepair(dead, clusters, events, this.options.suppressionKey)
    if (repair !== null) await this.applyRepair(holder, repair, highestFence)
    // An erasure's other locks name the identifiers it erased, which no one asks for again.
    if (erase !== null) await this.options.models.Lock.deleteMany({ owner: holder.owner })
  }

  private async applyRepair (holder: DeadHolder, repair: Repair, highestFence: number): Promise<void> {
    const writer = { unit: holder.owner, fence: Math.max(Date.now(), highestFence + 1), session: undefined, assertLeaseHeld: () => {} }
    if (repair.writes.erase !== undefined) await new ErasureWrites(this.options.models, writer).apply(repair.writes.erase)
    await new ContactWrites(this.options.models, writer).apply(repair.writes, async () => { throw new Error('a repair creates no contact') })
    if (repair.event === null) return
    try {
      await this.appendAlone(holder.owner, { requestId: holder.intent.requestId, actor: holder.intent.actor }, repair.event)
    } catch (error) {
      // Its event (an undo's or an erasure's has a unit of its own) was recorded already: nothing left to do.
      if (!(error instanceof IdentityError && error.code === ErrorCodes.WRITE_CONFLICT)) throw error
    }
  }

  /** Whether one of `keys` is suppressed (an erasure took the identifier away). */
  private async anySuppressed (keys: readonly string[], session: ClientSession | undefined): Promise<boolean> {
    for (const _id of keys) {
      if (await this.options.models.Suppression.exists({ _id }).session(session ?? null) !== null) return true
    }
    return false
  }

  /**
   * An erasure locks the identifiers it planned on; one that joined the identity since was
   * written by a change that held the identity's lock, so is normally free. Should another hold
   * it (that change died, its lock not taken over yet), its document would keep the identifier:
   * try again, locking it too.
   */
  private async assertUnheld (erase: Identifiers, locked: readonly string[], session: ClientSession | undefined): Promise<void> {
    const others = lockNames({ keys: null, primaryIds: [], erase: { ...erase, suppress: false, keep: [] } }).filter(name => !locked.includes(name))
    for (const _id of others) {
      if (await this.options.models.Lock.exists({ _id }).session(session ?? null) !== null) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'another change holds an identifier of the identity to erase')
      }
    }
  }
}

/** The holds a scope asks to see under its guard: the one it decides, or its hub's. */
async function heldUnder (scope: ChangeScope, holds: HoldDocuments): Promise<Hold[]> {
  if (scope.holdId !== undefined) {
    const hold = await holds.find(scope.holdId)
    return hold === null ? [] : [hold]
  }
  return scope.hub === undefined ? [] : await holds.ofHub(scope.hub)
}

async function translated<T> (work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw translateStoreError(error)
  }
}
