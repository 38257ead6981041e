// The IdentityStore over Mongoose: a change is carried out as one unit of work (a transaction
// where the server has them, lock documents otherwise) that writes its event to the outbox, and
// the sequencer numbers it. No driver error leaves it untranslated.
import { randomUUID } from 'node:crypto'
import type { ClientSession, Connection } from 'mongoose'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { Applied, ChangeScope, Decide, EventPage, EventQuery, FeedQuery, HoldPage, Identifiers, IdentityStore } from '../identity/identity-store.js'
import { recordedEvent, type Change, type RecordedChange, type Repair } from '../identity/model/changes.js'
import type { Cluster } from '../identity/model/clusters.js'
import type { Contact, ContactKeys } from '../identity/model/contact.js'
import type { EventOrigin, IdentityEvent } from '../identity/model/events.js'
import type { Field } from '../identity/rules/guardrails.js'
import type { Hold } from '../identity/rules/holds.js'
import { planRepair, repairReads } from '../identity/rules/recovery.js'
import { ContactReads, toContact } from './contact-reads.js'
import { ContactWrites } from './contact-writes.js'
import { ErasureWrites } from './erasure-writes.js'
import { EventLog } from './event-log.js'
import { HoldDocuments } from './hold-documents.js'
import { IdentifierClaims } from './identifier-claims.js'
import { EventSequencer } from './event-sequencer.js'
import { IdBlocks } from './id-blocks.js'
import { keysOfLockNames, LockDocuments, lockNames, primaryIdsOfLockNames, type DeadHolder } from './lock-documents.js'
import { LockUnitOfWork } from './lock-unit-of-work.js'
import type { Models } from './models.js'
import { PendingEvents, unnumbered } from './pending-events.js'
import { translateStoreError } from './store-errors.js'
import { TransactionUnitOfWork } from './transaction-unit-of-work.js'
import type { Unit, UnitOfWork, Work } from './unit-of-work.js'

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
  /** Contact ids a process reserves at a time (more: fewer reservations; fewer: ids of instances closer to creation order). */
  idBlockSize?: number | undefined
  /** How often the sequencer looks for events other instances staged (those staged here wake it; default 1 s). */
  sequencerIdleMs?: number | undefined
  /** Told of each new attempt inside the store, by reason (for metrics). */
  onRetry?: ((reason: string) => void) | undefined
  /** Told of what fails in the background: after an answer, or in the sequencer. */
  onBackgroundError?: ((error: unknown) => void) | undefined
}

const DEFAULT_ID_BLOCK_SIZE = 100
// Holds are few: small blocks keep their ids close to the order they were opened in.
const HOLD_ID_BLOCK_SIZE = 10

export class MongoIdentityStore implements IdentityStore {
  private readonly reads: ContactReads
  private readonly events: EventLog
  private readonly pending: PendingEvents
  private readonly sequencer: EventSequencer
  private readonly unitOfWork: UnitOfWork
  private readonly contactIds: IdBlocks
  private readonly holdIds: IdBlocks
  /** What this process answered and has not finished yet: events on their way to the outbox and the locks' release. */
  private readonly afterAnswer = new Set<Promise<void>>()
  private readonly locks: LockDocuments
  private sweep: NodeJS.Timeout | undefined

  constructor (private readonly options: MongoIdentityStoreOptions) {
    const { models } = options
    const onBackgroundError = options.onBackgroundError ?? (() => {})
    this.reads = new ContactReads(models)
    this.events = new EventLog(models)
    this.pending = new PendingEvents(models)
    this.sequencer = new EventSequencer(models, this.pending, this.events, {
      leaseMs: options.lockLeaseMs,
      idleMs: options.sequencerIdleMs ?? 1000,
      pollMs: 50,
      // As long as a request may wait for a lock held by a live holder.
      waitMs: options.lockLeaseMs,
      onError: onBackgroundError
    })
    const repair = async (holder: DeadHolder): Promise<void> => { await this.repairDeadHolder(holder) }
    const locks = this.locks = new LockDocuments(models, options.lockLeaseMs, repair)
    this.unitOfWork = options.transactions
      ? new TransactionUnitOfWork({ startSession: async () => await options.connection.startSession(), locks, pending: this.pending, timeoutMs: options.transactionTimeoutMs })
      : new LockUnitOfWork({ locks, pending: this.pending, leaseMs: options.lockLeaseMs, repair, onLateError: onBackgroundError })
    const highest = (model: typeof models.Contact | typeof models.Hold) => async () =>
      (await (model as typeof models.Contact).find({}, { _id: 1 }).sort({ _id: -1 }).limit(1).lean<Array<{ _id: number }>>())[0]?._id ?? 0
    const onCollision = (): void => { options.onRetry?.('id_block_claim') }
    this.contactIds = new IdBlocks(models, { name: 'contacts', blockSize: options.idBlockSize ?? DEFAULT_ID_BLOCK_SIZE, readHighest: highest(models.Contact), onCollision })
    this.holdIds = new IdBlocks(models, { name: 'holds', blockSize: HOLD_ID_BLOCK_SIZE, readHighest: highest(models.Hold), onCollision })
  }

  /**
   * Starts numbering events (when this instance holds the sequencer's lease) and, without
   * transactions, taking over locks whose holders died, once per lease.
   */
  start (): void {
    this.sequencer.start()
    if (this.options.transactions) return
    const onError = this.options.onBackgroundError ?? (() => {})
    this.sweep = setInterval(() => { this.locks.sweepExpired().catch(onError) }, this.options.lockLeaseMs)
    this.sweep.unref()
  }

  /**
   * Finishes what this process answered (its events are in the outbox then, for whichever
   * sequencer leads next), then stops numbering and gives the lease up.
   */
  async stop (): Promise<void> {
    clearInterval(this.sweep)
    await Promise.all([...this.afterAnswer])
    await this.sequencer.stop()
  }

  /**
   * Forgets the ids this process reserved or knows, so that the next ones are read from the
   * database: for when the collections were emptied or restored behind the service's back (tests do).
   */
  forgetIds (): void {
    this.contactIds.forget()
    this.holdIds.forget()
    this.sequencer.forget()
  }

  /**
   * Resolves once every change this process answered before the call has its event numbered and
   * its guard let go (both may follow the answer). Reads of the log wait for it, so that a caller
   * reads its own writes; tests that look at the collections directly wait for it too.
   */
  async settled (): Promise<void> {
    await Promise.all([...this.afterAnswer])
    // Reads go on without them if no sequencer runs (the error says so in the log).
    await this.sequencer.settled().catch(this.options.onBackgroundError ?? (() => {}))
  }

  /** Keeps what follows an answer in flight until it settles; it never rejects. */
  private track (work: Promise<unknown>): void {
    const done: Promise<void> = work.then(() => {}, () => {}).finally(() => { this.afterAnswer.delete(done) })
    this.afterAnswer.add(done)
  }

  async readClusters (keys: ContactKeys | null, primaryIds: readonly number[] = []): Promise<Cluster[]> {
    return await translated(async () => (await this.reads.clusters(keys, primaryIds)).clusters)
  }

  async readClusterOf (id: number): Promise<Cluster | null> {
    return await translated(async () => await this.reads.clusterOf(id))
  }

  async eventsOf (contactIds: readonly number[], page?: EventPage): Promise<IdentityEvent[]> {
    return await translated(async () => { await this.settled(); return await this.events.eventsOf(contactIds, page) })
  }

  async feed (query: FeedQuery): Promise<IdentityEvent[]> {
    return await translated(async () => { await this.settled(); return await this.events.feed(query) })
  }

  async newestEventId (): Promise<number> {
    return await translated(async () => { await this.settled(); return (await this.events.highest()).id })
  }

  async eventsNaming (identifiers: Identifiers): Promise<IdentityEvent[]> {
    return await translated(async () => { await this.settled(); return await this.events.naming(identifiers) })
  }

  async findEvent (id: number): Promise<IdentityEvent | null> {
    return await translated(async () => { await this.settled(); return await this.events.find(id) })
  }

  async findEvents (query: EventQuery): Promise<IdentityEvent[]> {
    return await translated(async () => { await this.settled(); return await this.events.query(query) })
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
    return await translated(async () => {
      const event = unnumbered(randomUUID(), origin, change)
      await this.pending.stage(event, undefined)
      return await this.sequencer.numbered(event.unit)
    })
  }

  async change<C extends Change>(scope: ChangeScope, decide: Decide<C>): Promise<Applied<C>> {
    let done
    try {
      done = await translated(async () => await this.unitOfWork.run(scope, async unit => await this.carryOut(scope, decide, unit)))
    } catch (error) {
      // A contact id was written without the counter (an import): reserve past it on the next attempt.
      if (error instanceof IdentityError && error.code === ErrorCodes.ID_COLLISION) this.contactIds.forget()
      throw error
    }
    const { result: { change, created, event, eventUnit }, settled } = done
    const { erase } = change.writes
    this.track(settled.then(() => { if (eventUnit !== null) this.sequencer.staged(eventUnit) }))
    const numbered = async (): Promise<IdentityEvent | null> => await translated(async () => {
      await settled
      if (eventUnit === null) return null
      const recorded = await this.sequencer.numbered(eventUnit)
      // Events staged before the erasure's are numbered before it: any the sequencer was
      // inserting while the erasure ran is in the log now, to be cleaned too.
      if (erase !== undefined) await this.events.forget(erase, undefined)
      return recorded
    })
    return { change, created, event, numbered }
  }

  /** Reads again under the guard, decides, and writes the change; the unit stages its event. */
  private async carryOut<C extends Change>(scope: ChangeScope, decide: Decide<C>, unit: Unit): Promise<Work<{ change: C, created: Contact | null, event: RecordedChange | null, eventUnit: string | null }>> {
    const { clusters, highestFence } = await this.readUnderGuard(scope, unit.session)
    if (clusters.some(c => !scope.primaryIds.includes(c.primary.id))) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the identity changed before it was locked')
    }
    // Suppressions are written before an erasure takes anything away, so this sees any that
    // could matter: the request is screened again on its next attempt.
    if (scope.suppressionKeys !== undefined && await this.anySuppressed(scope.suppressionKeys, unit.session)) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'an identifier of the request was erased while it waited')
    }
    const events = scope.withEvents === true ? await this.evidenceOf(clusters.flatMap(c => c.contacts.map(m => m.id)), unit.session) : []
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
    const created = await new ContactWrites(this.options.models, writer).apply(change.writes, async () => await this.contactIds.take())
    const holdId = change.hold?.kind === 'open' ? await this.holdIds.take() : null
    if (change.hold !== undefined) {
      unit.assertGuardHeld()
      await holds.apply(change.hold, holdId, scope.origin)
    }
    const event = change.event === null ? null : recordedEvent(change.event, created, holdId)
    const staged = event === null ? null : unnumbered(unit.id, scope.origin, event)
    return {
      result: { change, created, event, eventUnit: staged?.unit ?? null },
      event: staged,
      // A repair rebuilds a creation's or a merge's event from the contacts it stamped.
      rebuildable: change.hold === undefined && (event?.type === 'contact.created' || event?.type === 'identities.merged')
    }
  }

  /**
   * The clusters a change decides on, as they are under its guard. What was read before the guard
   * may have changed meanwhile (there is no snapshot to read from), so it is read again, the
   * clusters already known in the same round trip, while the request's identifiers are claimed
   * for a contact it may write. Unless that read found nothing for them (no primaries in the
   * scope): then if every claim is new, no contact that carries them was written since (its
   * change would have claimed them first), and there is nothing to read again.
   */
  private async readUnderGuard (scope: ChangeScope, session: ClientSession | undefined): Promise<{ clusters: Cluster[], highestFence: number }> {
    const claims = new IdentifierClaims(this.options.models, session)
    const reads = new ContactReads(this.options.models, session)
    const keys = scope.keys ?? { email: null, phoneNumber: null }
    if (scope.primaryIds.length > 0) return (await Promise.all([reads.clusters(scope.keys, scope.primaryIds), claims.claim(keys)]))[0]
    if (await claims.claim(keys)) return { clusters: [], highestFence: 0 }
    return await reads.clusters(scope.keys, scope.primaryIds)
  }

  /**
   * The events of `contactIds` in the log, for a decision on evidence. A change that let go of its
   * guard may still have its event in the outbox (its number follows): that is evidence too, and
   * a decision without it would undo a merge it cannot see. So wait for those numbers, then try
   * again: a transaction's snapshot would not see them, so both units of work take a new attempt.
   * @throws IdentityError WRITE_CONFLICT when some waited for their numbers
   */
  private async evidenceOf (contactIds: readonly number[], session: ClientSession | undefined): Promise<IdentityEvent[]> {
    const [waiting, events] = await Promise.all([
      this.pending.naming(contactIds, session),
      new EventLog(this.options.models, session).eventsOf(contactIds)
    ])
    if (waiting.length === 0) return events
    await this.sequencer.allNumbered(waiting)
    throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `${waiting.length} events of the identity were waiting for their numbers`)
  }

  /** The events of `contactIds`, once those still in the outbox have their numbers (outside a unit of work). */
  private async numberedEventsOf (contactIds: readonly number[]): Promise<IdentityEvent[]> {
    await this.sequencer.allNumbered(await this.pending.naming(contactIds, undefined))
    return await this.events.eventsOf(contactIds)
  }

  /**
   * The repair of a dead holder that wrote and did not record: a merge or a new contact gets the
   * event its contacts show; an undo is finished (the parts not split off yet are) and recorded;
   * an erasure is finished.
   */
  private async repairDeadHolder (holder: DeadHolder): Promise<void> {
    const { erase } = holder.intent
    // An erasure may have written suppressions and the log before any contact: always finished.
    if (erase === null && (await this.events.recorded(holder.owner) || await this.pending.has(holder.owner))) return
    const written = (await this.reads.writtenBy(holder.owner)).map(row => ({ contact: toContact(row), as: row.change! }))
    const dead = { cause: keysOfLockNames(holder.names), primaryIds: primaryIdsOfLockNames(holder.names), undo: holder.intent.undo, erase, written }
    const readIds = repairReads(dead)
    // An erasure's identity is read half erased as it is, to be finished.
    const { clusters, highestFence } = readIds.length === 0 ? { clusters: [], highestFence: 0 } : await this.reads.clusters(null, readIds, erase !== null)
    const events = dead.undo === null ? [] : await this.numberedEventsOf(clusters.flatMap(c => c.contacts.map(m => m.id)))
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
    // Staged already (an undo's or an erasure's event has a unit of its own): nothing left to do.
    await this.pending.stage(unnumbered(holder.owner, { requestId: holder.intent.requestId, actor: holder.intent.actor }, repair.event), undefined)
    this.sequencer.nudge()
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
