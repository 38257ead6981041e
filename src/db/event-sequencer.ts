// Gives pending events their feed numbers, in bulk, on one instance at a time (under a lease):
// numbers are taken by one writer only, so none collide, and each becomes visible after every lower one.
import { randomUUID } from 'node:crypto'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { IdentityEvent } from '../identity/model/events.js'
import { toEvent, type EventLog, type EventRow } from './event-log.js'
import type { Models } from './models.js'
import type { PendingEvent, PendingEvents } from './pending-events.js'

export interface SequencerOptions {
  /** How long the lease outlives a sequencer that stopped renewing it (a dead or frozen process). */
  leaseMs: number
  /**
   * How often an idle sequencer looks for pending events staged by other instances (those staged
   * here wake it at once): the longest an event of another instance waits for its number.
   */
  idleMs: number
  /** How often a waiter looks for its event's number in the log (while numbered() waits). */
  pollMs: number
  /** How long numbered() waits before it gives up. */
  waitMs: number
  /** A pass that failed (the database away): the loop goes on after `idleMs`. */
  onError?: ((error: unknown) => void) | undefined
}

// The lease is a document that exists while held: only a unique `_id` is atomic on every server we run on.
const LEASE = 'sequencer'
// One ordered insert of a few hundred small documents is one round trip; more would only delay the first.
const MAX_BATCH = 500
// Units remembered after their number: far more than are ever waited for at once.
const RECENT_LIMIT = 10_000

interface LastEvent { id: number, at: Date }

/**
 * Every instance runs one; the one holding the lease numbers. It reads the oldest pending events,
 * inserts them into the log in one ordered insert with the numbers after the highest it knows,
 * then clears them. A number another writer took (an import, a sequencer whose lease ran out)
 * refuses one row: the rest go on after the new highest. An event whose unit is in the log
 * already (its sequencer died before clearing it) is cleared without a second number.
 */
export class EventSequencer {
  private readonly owner = randomUUID()
  /** Local time until which this process may number (its lease, less a margin). */
  private leadUntil = 0
  private last: LastEvent | undefined
  private running: Promise<void> | undefined
  private stopped = false
  private wake: (() => void) | undefined
  private nudged = false
  /** Wakes waiters when this instance numbered a batch. */
  private readonly waiters = new Set<() => void>()
  /** What this process numbered lately, by unit: a waiter that comes after the number needs no read. */
  private readonly recent = new Map<string, IdentityEvent>()
  /** Units this process staged that may have no number yet (see settled()). */
  private readonly expected = new Set<string>()

  constructor (
    private readonly models: Models,
    private readonly pending: PendingEvents,
    private readonly log: EventLog,
    private readonly options: SequencerOptions
  ) {}

  /** Starts the loop in the background. */
  start (): void {
    this.stopped = false
    this.running ??= this.loop().finally(() => { this.running = undefined })
  }

  /** Stops the loop and gives the lease up, so that another instance takes over at once. */
  async stop (): Promise<void> {
    this.stopped = true
    this.wake?.()
    await this.running
    if (this.leadUntil > 0) await this.models.Lease.deleteOne({ _id: LEASE, owner: this.owner }).catch(() => {})
    this.leadUntil = 0
  }

  /** Tells the loop that an event was staged here: it need not wait for its next look. */
  nudge (): void {
    // Another instance leads: it finds the event on its next look.
    if (this.leadUntil <= Date.now()) return
    // Kept when the loop is busy: a stage during its last look must not wait for the next one.
    this.nudged = true
    this.wake?.()
  }

  /** Forgets the highest number, for when the log was emptied behind the service's back (tests do). */
  forget (): void {
    this.last = undefined
    this.recent.clear()
    this.expected.clear()
  }

  /** Notes that this process staged the event of `unit`, and wakes the loop if it leads. */
  staged (unit: string): void {
    this.expected.add(unit)
    this.nudge()
  }

  /**
   * Resolves once every event this process staged before the call has its number (it may be
   * another instance's to give).
   * @throws IdentityError DATABASE_UNAVAILABLE when some still wait after `waitMs`
   */
  async settled (): Promise<void> {
    const units = [...this.expected]
    await this.allNumbered(units)
    for (const unit of units) this.expected.delete(unit)
  }

  /**
   * The event of `unit` once it has its number (`unit` must have been staged).
   * @throws IdentityError DATABASE_UNAVAILABLE when it has none after `waitMs` (no sequencer running)
   */
  async numbered (unit: string): Promise<IdentityEvent> {
    await this.allNumbered([unit])
    const event = this.recent.get(unit) ?? await this.log.ofUnit(unit)
    if (event === null) throw new Error(`the event of change ${unit} left the outbox but is not in the log`)
    return event
  }

  /**
   * Resolves once none of `units` waits in the outbox any more. The leader here signals its
   * numbers; otherwise one read of the outbox per `pollMs` answers for all of `units` (settled()
   * passes every unit of this process at once). The outbox stays small, unlike the log, whose
   * reads by unit are table scans on FerretDB: a read of the log per waiter grew with a backlog
   * and starved the numbering it waited for.
   * @throws IdentityError DATABASE_UNAVAILABLE when some still wait after `waitMs`
   */
  async allNumbered (units: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.options.waitMs
    let left = units.filter(unit => !this.recent.has(unit))
    while (left.length > 0) {
      let wake!: () => void
      const woken = new Promise<void>(resolve => { wake = resolve })
      this.waiters.add(wake)
      const timer = setTimeout(wake, this.options.pollMs)
      try {
        left = left.filter(unit => !this.recent.has(unit))
        if (left.length > 0) left = await this.pending.which(left)
        if (left.length === 0) return
        this.nudge()
        await woken
      } finally {
        clearTimeout(timer)
        this.waiters.delete(wake)
      }
      if (Date.now() > deadline) throw new IdentityError(ErrorCodes.DATABASE_UNAVAILABLE, `${left.length} events got no number in ${this.options.waitMs} ms: is any instance's sequencer running?`)
    }
  }

  /**
   * One pass: take or renew the lease, then number the oldest pending events.
   * @returns how many it numbered (0: not the leader, or nothing pending)
   */
  async step (): Promise<number> {
    if (!await this.lead()) {
      // What another instance numbered since: forgotten here, so that the set stays small.
      if (this.expected.size > 0) {
        const waiting = new Set(await this.pending.which([...this.expected]))
        for (const unit of this.expected) if (!waiting.has(unit)) this.expected.delete(unit)
      }
      return 0
    }
    const batch = await this.pending.oldest(MAX_BATCH)
    if (batch.length === 0) return 0
    await this.number(batch)
    return batch.length
  }

  private async loop (): Promise<void> {
    while (!this.stopped) {
      let numbered = 0
      this.nudged = false
      try {
        numbered = await this.step()
      } catch (error) {
        this.last = undefined
        this.options.onError?.(error)
        // The database may be away: no faster than once per idle period, nudged or not.
        this.nudged = false
      }
      // A full batch may have more behind it; otherwise wait, unless an event was staged meanwhile.
      if (numbered < MAX_BATCH && !this.stopped && !this.nudged) {
        await new Promise<void>(resolve => {
          this.wake = resolve
          setTimeout(resolve, this.options.idleMs).unref()
        })
        this.wake = undefined
      }
    }
  }

  /**
   * Whether this process may number now: it holds the lease with at least half of it left
   * (renewed once a third is gone). A sequencer that stalls for the other half could still insert
   * late, beside a successor: the margin is the fence a server without transactions allows.
   */
  private async lead (): Promise<boolean> {
    const { leaseMs } = this.options
    const now = Date.now()
    if (now < this.leadUntil - leaseMs / 6) return true
    const expiresAt = new Date(now + leaseMs)
    if (this.leadUntil > now) {
      const renewed = await this.models.Lease.updateOne({ _id: LEASE, owner: this.owner }, { $set: { expiresAt } })
      if (renewed.matchedCount === 1) {
        this.leadUntil = now + leaseMs / 2
        return true
      }
      this.leadUntil = 0
    }
    try {
      await this.models.Lease.insertMany([{ _id: LEASE, owner: this.owner, expiresAt }])
    } catch {
      // Held by another: take it over only once its holder let it run out.
      const holder = await this.models.Lease.findById(LEASE).lean()
      if (holder !== null && holder.expiresAt.getTime() <= Date.now()) {
        await this.models.Lease.deleteOne({ _id: LEASE, owner: holder.owner, expiresAt: holder.expiresAt })
      }
      return false
    }
    // A new leader reads the highest number again: another one numbered meanwhile.
    this.last = undefined
    this.leadUntil = now + leaseMs / 2
    return true
  }

  private async number (batch: PendingEvent[]): Promise<void> {
    let last = this.last ?? await this.highest()
    let todo = batch
    const done: string[] = []
    while (todo.length > 0) {
      if (Date.now() >= this.leadUntil) throw new Error('the sequencer lease ran low while numbering')
      const rows: Array<EventRow & { unit: string }> = []
      let at = last.at
      for (const [i, { stagedAt, event }] of todo.entries()) {
        // Times never go back along the numbers, whatever the clocks of the instances say.
        at = new Date(Math.max(at.getTime(), stagedAt.getTime()))
        rows.push({ _id: last.id + 1 + i, at, ...event })
      }
      const inserted = await this.insertOrdered(rows)
      if (inserted > 0) last = { id: rows[inserted - 1]!._id, at: rows[inserted - 1]!.at }
      for (const row of rows.slice(0, inserted)) {
        done.push(row.unit)
        this.remember(row.unit, toEvent(row))
      }
      if (inserted === rows.length) break
      const refused = todo[inserted]!
      todo = todo.slice(inserted)
      if (await this.log.ofUnit(refused.unit) !== null) {
        done.push(refused.unit)
        todo = todo.slice(1)
      } else {
        last = await this.highest()
      }
    }
    this.last = last
    await this.pending.clear(done)
    for (const wake of this.waiters) wake()
  }

  /** Inserts in order and stops at the first duplicate key; returns how many went in. */
  private async insertOrdered (rows: Array<EventRow & { unit: string }>): Promise<number> {
    try {
      // The driver's collection (no Mongoose casting): an ordered insert that says where it stopped.
      await this.models.Event.collection.insertMany(rows as unknown as Array<Record<string, unknown>>, { ordered: true })
      return rows.length
    } catch (error) {
      const failed = duplicateIndex(error)
      if (failed === undefined) throw error
      return failed
    }
  }

  /** The highest number in the log, or that an import reserved past it. */
  private async highest (): Promise<LastEvent> {
    const [last, counter] = await Promise.all([this.log.highest(), this.models.Counter.findById('events').lean()])
    return { id: Math.max(last.id, counter?.value ?? 0), at: last.at }
  }

  private remember (unit: string, event: IdentityEvent): void {
    this.expected.delete(unit)
    this.recent.set(unit, event)
    // Oldest first: a map keeps insertion order.
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!)
  }
}

/** The index of the row an ordered insert stopped at on a duplicate key; undefined for other errors. */
function duplicateIndex (error: unknown): number | undefined {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors
  if (first !== undefined && (first as { code?: unknown }).code === 11000) return Number((first as { index: number }).index)
  return (error as { code?: unknown }).code === 11000 ? 0 : undefined
}
