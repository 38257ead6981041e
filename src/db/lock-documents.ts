// Request locks: documents that exist while a change holds them, with a lease for holders that die.
import { randomUUID } from 'node:crypto'
import type { ClientSession } from 'mongoose'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { ChangeScope } from '../identity/identity-store.js'
import type { ErasureIntent, UndoTarget } from '../identity/model/events.js'
import type { LockDocument, Models } from './models.js'
import { isDuplicateKey } from './store-errors.js'

/** What a holder is doing, kept on its locks for the repair that records its event should it die. */
export interface LockIntent { requestId: string | null, actor: string | null, undo: UndoTarget | null, erase: ErasureIntent | null }

/** A lock holder whose lease ran out: the request keys its lock names carry, and its intent. */
export interface DeadHolder { owner: string, names: string[], intent: LockIntent }

export class LockDocuments {
  constructor (
    private readonly models: Models,
    private readonly leaseMs: number,
    /** Runs before a dead holder's locks are removed: records what it wrote but did not log. */
    private readonly repair: (holder: DeadHolder) => Promise<void>
  ) {}

  /**
   * Inserts the locks, all or none. Only a unique _id is atomic on every server we run on
   * (FerretDB's conditional updates read then write), so a lock is a document that exists while
   * it is held: a duplicate key means another unit holds it. In a transaction, two units
   * inserting one _id is also a write conflict, which the driver retries.
   * @throws IdentityError LOCK_BUSY, with the time left on the blocking lease.
   */
  async insert (names: readonly string[], owner: string, intent: LockIntent, session: ClientSession | undefined): Promise<void> {
    const expiresAt = new Date(Date.now() + this.leaseMs)
    try {
      // `lean`: every field is set here, so Mongoose's hydration and validation (its largest CPU
      // cost per write, measured) would check nothing the compiler has not.
      await this.models.Lock.insertMany(names.map(_id => ({ _id, owner, expiresAt, ...intent })), { ordered: false, session, lean: true })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      // A transaction aborts on the error and takes its inserts with it; without one, undo ours.
      if (session === undefined) await this.release(names, owner, undefined)
      const retryAfterMs = await this.clearExpired(names, owner)
      throw new IdentityError(ErrorCodes.LOCK_BUSY, 'another request holds a lock this one needs', { cause: error, retryAfterMs })
    }
  }

  async release (names: readonly string[], owner: string, session: ClientSession | undefined): Promise<void> {
    if (names.length === 0) return
    await this.models.Lock.deleteMany({ _id: { $in: names }, owner }, { session })
  }

  /**
   * Takes over the locks whose holder died (their lease ran out): records what it left unlogged,
   * then removes them, so that the next attempt can take them and repair what was left half done.
   * A marker document, unique per expired holder, makes sure that only one request does this.
   * Runs outside any transaction: these writes must stand on their own.
   * @returns how long until the live locks among `names` run out, at least a second.
   */
  private async clearExpired (names: readonly string[], owner: string): Promise<number> {
    const now = new Date()
    const blocking = await this.models.Lock.find({ _id: { $in: names }, owner: { $ne: owner } }).lean()
    for (const lock of blocking.filter(l => l.expiresAt <= now)) await this.takeOver(lock, owner, now)
    const live = blocking.filter(l => l.expiresAt > now).map(l => l.expiresAt.getTime() - now.getTime())
    return Math.max(1000, ...live)
  }

  /**
   * Takes over every lock whose holder died, whether or not a request needs it: a change that
   * answered and then failed to record its event (or died) gets its event even if no one ever
   * asks for its identifiers again. Every instance runs it now and then; the markers make each
   * take-over one sweeper's.
   */
  async sweepExpired (): Promise<void> {
    const now = new Date()
    const expired = await this.models.Lock.find({ expiresAt: { $lte: now } }).lean()
    const sweeper = `sweeper:${randomUUID()}`
    for (const lock of expired) {
      // A marker whose lock is gone (its holder let go after all) marks nothing any more.
      if (lock._id.includes('#expired#')) {
        if (!expired.some(l => lock._id.startsWith(`${l._id}#expired#`))) await this.models.Lock.deleteOne({ _id: lock._id, expiresAt: { $lte: now } })
        continue
      }
      await this.takeOver(lock, sweeper, now)
    }
  }

  /** Repairs what the dead holder of `lock` left, then removes the lock: once, under a marker only one taker can insert. */
  private async takeOver (lock: LockDocument & { _id: string }, taker: string, now: Date): Promise<void> {
    const marker = `${lock._id}#expired#${lock.owner}`
    try {
      await this.models.Lock.insertOne({ _id: marker, owner: taker, expiresAt: new Date(now.getTime() + this.leaseMs) })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      // Another request is taking it over, or died doing so: then its marker expires in turn.
      await this.models.Lock.deleteOne({ _id: marker, expiresAt: { $lte: now } })
      return
    }
    const all = await this.models.Lock.find({ owner: lock.owner }, { _id: 1 }).lean()
    await this.repair({
      owner: lock.owner,
      names: [...new Set([lock._id, ...all.map(l => l._id)])].filter(name => !name.includes('#expired#')),
      intent: { requestId: lock.requestId ?? null, actor: lock.actor ?? null, undo: (lock.undo ?? null) as UndoTarget | null, erase: (lock.erase ?? null) as ErasureIntent | null }
    })
    await this.models.Lock.deleteOne({ _id: lock._id, owner: lock.owner })
    await this.models.Lock.deleteOne({ _id: marker })
  }
}

/** What a change's locks keep for its repair. */
export function lockIntent (scope: ChangeScope): LockIntent {
  const erase = scope.erase === undefined ? null : { suppress: scope.erase.suppress, keep: scope.erase.keep }
  return { requestId: scope.origin.requestId, actor: scope.origin.actor, undo: scope.undo ?? null, erase }
}

/**
 * Lock names for a change: its email, its phone, the primaries of the clusters it touches and the
 * hold it decides; an erasure also every identifier it takes away.
 */
export function lockNames (scope: Pick<ChangeScope, 'keys' | 'primaryIds' | 'erase' | 'holdId'>): string[] {
  const { keys, primaryIds, erase, holdId } = scope
  const names = [...primaryIds].map(id => `contact:${id}`)
  if (holdId !== undefined) names.push(`hold:${holdId}`)
  if (keys?.email != null) names.push(`email:${keys.email}`)
  if (keys?.phoneNumber != null) names.push(`phone:${keys.phoneNumber}`)
  for (const email of erase?.emails ?? []) names.push(`email:${email}`)
  for (const phone of erase?.phoneNumbers ?? []) names.push(`phone:${phone}`)
  return [...new Set(names)]
}

/** The primaries that a dead holder's lock names carry. */
export function primaryIdsOfLockNames (names: readonly string[]): number[] {
  return names.filter(name => name.startsWith('contact:')).map(name => Number(name.slice('contact:'.length)))
}

/** The request keys that a dead holder's lock names carry. */
export function keysOfLockNames (names: readonly string[]): { email: string | null, phoneNumber: string | null } {
  const value = (prefix: string): string | null => names.find(n => n.startsWith(prefix))?.slice(prefix.length) ?? null
  return { email: value('email:'), phoneNumber: value('phone:') }
}
