// The IdentityStore over Mongoose: one change is one unit of work, in a transaction where the
// server has them and under lock documents otherwise. No driver error leaves it untranslated.
import { randomUUID } from 'node:crypto'
import type { ClientSession, Connection } from 'mongoose'
import type { Cluster } from '../identity/model/clusters.js'
import type { ContactKeys } from '../identity/model/contact.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { EventOrigin, IdentityEvent } from '../identity/model/events.js'
import type { RecordedChange } from '../identity/model/changes.js'
import type { ChangeScope, Decide, EventPage, EventQuery, Identifiers, IdentityStore } from '../identity/identity-store.js'
import { planErasure } from '../identity/rules/erasure.js'
import type { Field } from '../identity/rules/guardrails.js'
import { recoveredEvent } from '../identity/rules/recovery.js'
import { planSplit } from '../identity/rules/undo.js'
import { ContactReads, toContact } from './contact-reads.js'
import { ContactWrites } from './contact-writes.js'
import { ErasureWrites } from './erasure-writes.js'
import { EventLog } from './event-log.js'
import { IdSequence, type SequenceTurn } from './id-sequence.js'
import { LocalLocks } from './local-locks.js'
import { keysOfLockNames, LockDocuments, lockNames, type DeadHolder, type LockIntent } from './lock-documents.js'
import type { Models } from './models.js'
import { giveUp, translateStoreError } from './store-errors.js'

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

// Requests of one instance queue in memory for a lock at most this long before they go to the
// lock document, whose lease decides: about the retry budget of a request.
const LOCAL_WAIT_LIMIT_MS = 5000

export class MongoIdentityStore implements IdentityStore {
  private readonly reads: ContactReads
  private readonly events: EventLog
  private readonly locks: LockDocuments
  private readonly localLocks: LocalLocks
  private readonly contactIds: IdSequence
  private readonly eventIds: IdSequence

  constructor (private readonly options: MongoIdentityStoreOptions) {
    const { models } = options
    this.reads = new ContactReads(models)
    this.events = new EventLog(models)
    this.locks = new LockDocuments(models, options.lockLeaseMs, async holder => await this.recordDeadHolder(holder))
    this.localLocks = new LocalLocks(Math.min(options.lockLeaseMs, LOCAL_WAIT_LIMIT_MS))
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

  async feed (page: EventPage): Promise<IdentityEvent[]> {
    return await translated(async () => await this.events.feed(page))
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

  async recordEvent (origin: EventOrigin, change: RecordedChange): Promise<IdentityEvent> {
    return await translated(async () => await this.appendAlone(randomUUID(), origin, change))
  }

  /** Appends an event outside any unit of work, taking its own turn for the id. */
  private async appendAlone (unit: string, origin: EventOrigin, change: RecordedChange): Promise<IdentityEvent> {
    const turn = await this.eventIds.turn()
    try {
      return await this.events.append(turn, unit, origin, change, undefined)
    } finally {
      turn.release(true)
    }
  }

  async change<T>(scope: ChangeScope, decide: Decide<T>): Promise<T> {
    return await translated(async () => this.options.transactions
      ? await this.inTransaction(scope, decide)
      : await this.direct(scope, decide))
  }

  private async inTransaction<T>(scope: ChangeScope, decide: Decide<T>): Promise<T> {
    const clientSession = await this.options.connection.startSession()
    // The driver re-runs the callback on transient errors (write conflicts, a lost server) for
    // up to two minutes; a request must be answered sooner.
    const deadline = Date.now() + this.options.transactionTimeoutMs
    let lastError: unknown
    let turns: SequenceTurn[] = []
    const endTurns = (kept: boolean): void => { for (const turn of turns.reverse()) turn.release(kept); turns = [] }
    try {
      const result = await clientSession.withTransaction(async () => {
        // Thrown from the callback, a domain error ends the retries: the driver aborts and rethrows it.
        if (Date.now() > deadline) throw giveUp(lastError)
        endTurns(false) // an earlier attempt's, aborted
        try {
          return await this.unit(scope, decide, clientSession, turns)
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
      endTurns(true)
      return result
    } finally {
      endTurns(false)
      await clientSession.endSession()
    }
  }

  private async direct<T>(scope: ChangeScope, decide: Decide<T>): Promise<T> {
    const turns: SequenceTurn[] = []
    try {
      return await this.unit(scope, decide, undefined, turns)
    } finally {
      // Without a transaction every id taken exists already.
      for (const turn of turns.reverse()) turn.release(true)
    }
  }

  /** Guard, read again, decide, write, record: the body of a change with or without a transaction. */
  private async unit<T>(scope: ChangeScope, decide: Decide<T>, session: ClientSession | undefined, turns: SequenceTurn[]): Promise<T> {
    const owner = randomUUID()
    const names = lockNames(scope.keys, scope.primaryIds, scope.erase)
    // Only units without a transaction queue in memory: a transaction's snapshot is already
    // taken, so waiting would only make its write conflict certain.
    const releaseLocal = session === undefined ? await this.localLocks.acquire(names, { wait: scope.wait ?? true }) : () => {}
    if (releaseLocal === null) throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request of this process holds a lock this one needs')
    // Before the insert: a lock the server took but whose answer got lost must still be released,
    // and a slow insert eats into the lease.
    const lockedAt = Date.now()
    let locked = false
    let wrote = false
    try {
      await this.locks.insert(names, owner, lockIntent(scope), session)
      locked = true
      // Without a snapshot, what was read before the locks may have changed: read again, the
      // clusters already known in the same round trip.
      const reads = new ContactReads(this.options.models, session)
      const { clusters, highestFence } = await reads.clusters(scope.keys, scope.primaryIds)
      if (clusters.some(c => !scope.primaryIds.includes(c.primary.id))) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the identity changed before it was locked')
      }
      // Suppressions are written before an erasure takes anything away, so this sees any that
      // could matter: the request is screened again on its next attempt.
      if (scope.suppressionKeys !== undefined && await this.anySuppressed(scope.suppressionKeys, session)) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'an identifier of the request was erased while it waited')
      }
      const events = scope.withEvents === true ? await new EventLog(this.options.models, session).eventsOf(clusters.flatMap(c => c.contacts.map(m => m.id))) : []
      const decision = decide(clusters, events)
      const writer = {
        unit: owner,
        // Higher than any token on what we read, and than any holder's whose lease ran out before.
        fence: Math.max(Date.now(), highestFence + 1),
        session,
        assertLeaseHeld: () => { this.assertLeaseHeld(lockedAt, session) }
      }
      const turn = async (sequence: IdSequence): Promise<SequenceTurn> => {
        const next = await sequence.turn()
        turns.push(next)
        return next
      }
      if (decision.writes.erase !== undefined) await this.assertUnheld(decision.writes.erase, names, session)
      wrote = true
      if (decision.writes.erase !== undefined) await new ErasureWrites(this.options.models, writer).apply(decision.writes.erase)
      const created = await new ContactWrites(this.options.models, writer).apply(decision.writes, async () => await turn(this.contactIds))
      const change = decision.record(created)
      let event: IdentityEvent | null = null
      if (change !== null) {
        writer.assertLeaseHeld()
        event = await this.events.append(await turn(this.eventIds), owner, scope.origin, change, session)
      }
      if (session !== undefined) await this.locks.release(names, owner, session)
      return decision.result(created, event)
    } catch (error) {
      // Without a transaction a change that failed half way may have written without recording
      // its event: record what it wrote, as a repair would. If even that fails, keep the locks:
      // the repair after their lease does it.
      if (session === undefined && wrote) {
        // Ids taken exist already; the repair takes its own turn for the event's id.
        for (const turn of turns.splice(0).reverse()) turn.release(true)
        try {
          await this.recordDeadHolder({ owner, names, intent: lockIntent(scope) })
        } catch {
          locked = false
        }
      }
      throw error
    } finally {
      // Without a transaction the locks go whatever happened; if the database is gone they
      // cannot, and their lease expires instead.
      if (session === undefined && locked) await this.locks.release(names, owner, undefined).catch(() => {})
      releaseLocal()
    }
  }

  /**
   * Without a transaction nothing can stop a holder whose lease ran out from inserting after
   * another request took its lock over (updates are fenced, inserts cannot be). Stop writing at
   * half the lease: a single write would have to stall for the other half to overlap.
   */
  private assertLeaseHeld (lockedAt: number, session: ClientSession | undefined): void {
    if (session !== undefined) return
    if (Date.now() - lockedAt > this.options.lockLeaseMs / 2) {
      throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'the lock lease ran low before the writes were done')
    }
  }

  /**
   * The repair of a dead holder that wrote and did not record: a merge or a new contact gets the
   * event its contacts show; an undo is finished (the parts not split off yet are) and recorded.
   */
  private async recordDeadHolder (holder: DeadHolder): Promise<void> {
    // An erasure may have written suppressions and the log before any contact: always finished.
    if (holder.intent.erase !== null) {
      await this.finishErasure(holder)
      return
    }
    if (await this.events.recorded(holder.owner)) return
    const rows = await this.reads.writtenBy(holder.owner)
    if (rows.length === 0) return
    const origin = { requestId: holder.intent.requestId, actor: holder.intent.actor }
    let change: RecordedChange | null
    if (holder.intent.undo === null) {
      change = recoveredEvent(rows.map(row => ({ contact: toContact(row), as: row.change! })), keysOfLockNames(holder.names))
    } else {
      // Everything the undo started from: its former primaries, and what it had moved already.
      const formerPrimaryIds = holder.names.filter(name => name.startsWith('contact:')).map(name => Number(name.slice('contact:'.length)))
      const { clusters, highestFence } = await this.reads.clusters(null, [...formerPrimaryIds, ...rows.map(row => row._id)])
      const plan = planSplit(holder.intent.undo, clusters, await this.events.eventsOf(clusters.flatMap(c => c.contacts.map(m => m.id))), formerPrimaryIds)
      const writer = { unit: holder.owner, fence: Math.max(Date.now(), highestFence + 1), session: undefined, assertLeaseHeld: () => {} }
      await new ContactWrites(this.options.models, writer).apply(plan.writes, async () => { throw new Error('a split creates no contact') })
      change = plan.event
    }
    if (change === null) return
    try {
      await this.appendAlone(holder.owner, origin, change)
    } catch (error) {
      // Its event (an undo's has a unit of its own) was recorded already: nothing left to do.
      if (!(error instanceof IdentityError && error.code === ErrorCodes.WRITE_CONFLICT)) throw error
    }
  }

  /**
   * An erasure locks the identifiers it planned on; one that joined the identity since was
   * written by a change that held the identity's lock, so is normally free. Should another hold
   * it (that change died, its lock not taken over yet), its document would keep the identifier:
   * try again, locking it too.
   */
  private async assertUnheld (erase: Identifiers, locked: readonly string[], session: ClientSession | undefined): Promise<void> {
    const others = lockNames(null, [], erase).filter(name => !locked.includes(name))
    for (const _id of others) {
      if (await this.options.models.Lock.exists({ _id }).session(session ?? null) !== null) {
        throw new IdentityError(ErrorCodes.WRITE_CONFLICT, 'another change holds an identifier of the identity to erase')
      }
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
   * Finishes the erasure of a dead holder from what its identity still holds (the primary is
   * emptied last, so the identity is found by the id its locks name), records it once, and
   * removes all its locks. Every step can run again.
   */
  private async finishErasure (holder: DeadHolder): Promise<void> {
    const intent = holder.intent.erase!
    const primaryIds = holder.names.filter(name => name.startsWith('contact:')).map(name => Number(name.slice('contact:'.length)))
    const { clusters, highestFence } = await this.reads.clusters(null, primaryIds, true)
    const keyOf = this.options.suppressionKey
    const writer = { unit: holder.owner, fence: Math.max(Date.now(), highestFence + 1), session: undefined, assertLeaseHeld: () => {} }
    for (const cluster of clusters) {
      // Without the secret here the suppressions cannot be keyed again: those written before the
      // crash stand, and the event says what was asked.
      const plan = planErasure(cluster, { suppress: intent.suppress && keyOf !== undefined, keep: new Set(intent.keep), keyOf })
      await new ErasureWrites(this.options.models, writer).apply(plan.writes.erase!)
      try {
        await this.appendAlone(holder.owner, { requestId: holder.intent.requestId, actor: holder.intent.actor }, { ...plan.event, suppressed: intent.suppress } as RecordedChange)
      } catch (error) {
        // Its event (unit erase:<primary>) was recorded already: nothing left to do.
        if (!(error instanceof IdentityError && error.code === ErrorCodes.WRITE_CONFLICT)) throw error
      }
    }
    // Its other locks name the identifiers it erased, and no one may ask for those again.
    await this.options.models.Lock.deleteMany({ owner: holder.owner })
  }
}

function lockIntent (scope: ChangeScope): LockIntent {
  const erase = scope.erase === undefined ? null : { suppress: scope.erase.suppress, keep: scope.erase.keep }
  return { requestId: scope.origin.requestId, actor: scope.origin.actor, undo: scope.undo ?? null, erase }
}

async function translated<T> (work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw translateStoreError(error)
  }
}
