// The service's rules (rules 1-4 and the guardrails' holds) applied to rows one at a time, in memory.
import type { Cluster } from '../identity/model/clusters.js'
import { compareAge, type Contact, type ContactKeys } from '../identity/model/contact.js'
import type { PlannedEvent } from '../identity/model/changes.js'
import type { HoldReason } from '../identity/model/events.js'
import { holdReason, type HoldLimits } from '../identity/rules/guardrails.js'
import { holdingCluster } from '../identity/rules/holds.js'
import { eventOf, planIdentify, planWrites } from '../identity/rules/reconcile.js'
import type { ImportRow } from './import-row.js'

/** What a row did, as /identify would have: `held` opened a hold, `held-again` was gathered into its hub's pending one. */
export type RowOutcome = 'created' | 'joined' | 'unchanged' | 'held' | 'held-again'

/** An event the import writes, in order: a row's creation, or a change recorded as the service records it. */
export type ImportEvent =
  | { kind: 'created', row: ImportRow }
  | { kind: 'change', row: ImportRow, change: Exclude<PlannedEvent, { type: 'contact.created' }> }

/** A held merge as the `holds` collection keeps it; its id is that of its `merge.held` event, `events[eventIndex]`. */
export interface PlannedHold {
  eventIndex: number
  hub: number
  reason: HoldReason
  join: ContactKeys
  primaryIds: number[]
  count: number
  createdAt: Date
  lastHeldAt: Date
}

/**
 * Identities as a union-find with eager relabelling: every identifier points at a contact that
 * carries it, every contact at its primary (`linkedId`), and each primary of several contacts
 * keeps its members in age order (a contact alone has no list: most are, and memory counts at a
 * million rows). A merge re-points the younger identity's members, which its event lists anyway;
 * the guardrails keep identities small (IDENTITY_SIZE_LIMIT), so that costs little.
 */
export class RulesInMemory {
  readonly events: ImportEvent[] = []
  private readonly carriers = { email: new Map<string, ImportRow>(), phoneNumber: new Map<string, ImportRow>() }
  private readonly members = new Map<number, ImportRow[]>()
  /** The pending hold of each hub identity (by its primary's id). */
  private readonly holds = new Map<number, PlannedHold>()
  /** Identifiers that held a merge because too many contacts carry them: "field:value" -> rows held. */
  readonly hubs = new Map<string, number>()

  constructor (private readonly limits: HoldLimits) {}

  /** Applies one row, which must be younger than every row applied before (age order). */
  apply (row: ImportRow): RowOutcome {
    const keys: ContactKeys = { email: row.email, phoneNumber: row.phoneNumber }
    const clusters = this.clustersOf(keys)
    const plan = planIdentify(keys, clusters)
    if (!planWrites(plan)) return 'unchanged'
    const reason = holdReason(plan, keys, clusters, this.limits)
    if (reason !== undefined) {
      const primaryIds = clusters.map(c => c.primary.id).sort((a, b) => a - b)
      if (reason === 'generic-identifier') this.countHub(keys, clusters)
      // As the service does: the pending hold of the identity the request is answered with
      // gathers it (a count and the latest evidence); else a new hold opens with its event.
      const hub = holdingCluster(keys, clusters).primary.id
      const pending = this.holds.get(hub)
      if (pending !== undefined) {
        Object.assign(pending, { reason, join: keys, primaryIds, lastHeldAt: row.createdAt, count: pending.count + 1 })
        return 'held-again'
      }
      this.holds.set(hub, { eventIndex: this.events.length, hub, reason, join: keys, primaryIds, count: 1, createdAt: row.createdAt, lastHeldAt: row.createdAt })
      this.events.push({ kind: 'change', row, change: { type: 'merge.held', reason, primaryIds, join: keys, contactIds: primaryIds, cause: keys } })
      return 'held'
    }
    // The clusters are made of rows, so the plan's contacts are rows.
    const primary = plan.primary as ImportRow | null
    if (primary !== null && plan.demote.length > 0) {
      // The service's event of the merge, from the clusters before it (a create never comes with
      // a merge: a request that touches two identities brings nothing new to their union).
      const merged = eventOf(plan, keys, clusters)
      if (merged?.type === 'identities.merged') this.events.push({ kind: 'change', row, change: merged })
      this.merge(primary, plan.demote, row.createdAt)
    }
    if (plan.create === null) return 'joined'
    this.create(row, primary)
    this.events.push({ kind: 'created', row })
    return 'created'
  }

  /** The holds opened, in the order of their events. */
  plannedHolds (): PlannedHold[] {
    return [...this.holds.values()].sort((a, b) => a.eventIndex - b.eventIndex)
  }

  /** The identity of each primary among `created` (the rows that made contacts): its members, oldest first. */
  * identities (created: Iterable<ImportRow>): Generator<ImportRow[]> {
    for (const row of created) if (row.linkedId === null) yield this.membersOf(row)
  }

  private membersOf (primary: ImportRow): ImportRow[] {
    return this.members.get(primary.id) ?? [primary]
  }

  /** The identities holding `keys`, oldest primary first, as the store would read them. */
  private clustersOf (keys: ContactKeys): Cluster[] {
    const primaries = new Set<ImportRow>()
    for (const field of ['email', 'phoneNumber'] as const) {
      const value = keys[field]
      const carrier = value === null ? undefined : this.carriers[field].get(value)
      if (carrier !== undefined) primaries.add(carrier.linkedId === null ? carrier : this.members.get(carrier.linkedId)![0]!)
    }
    return [...primaries].map(primary => ({ primary, contacts: this.membersOf(primary), staleParents: [] }))
      .sort((a, b) => compareAge(a.primary, b.primary))
  }

  /** The identifier of `keys` that too many contacts carry (the generic-identifier hold's cause). */
  private countHub (keys: ContactKeys, clusters: readonly Cluster[]): void {
    for (const field of ['email', 'phoneNumber'] as const) {
      const value = keys[field]
      if (value === null) continue
      const carriers = clusters.reduce((n, c) => n + c.contacts.filter(m => m[field] === value).length, 0)
      if (carriers - 1 > this.limits.genericIdentifier) this.hubs.set(`${field}:${value}`, (this.hubs.get(`${field}:${value}`) ?? 0) + 1)
    }
  }

  /** Moves the members of `demoted` under `primary`. */
  private merge (primary: ImportRow, demoted: readonly Contact[], at: Date): void {
    const primaryId = primary.id
    const into = this.list(primary)
    for (const loser of demoted) {
      for (const member of this.membersOf(loser as ImportRow)) {
        member.linkedId = primaryId
        member.linkPrecedence = 'secondary'
        member.updatedAt = at
        into.push(member)
      }
      this.members.delete(loser.id)
    }
    into.sort(compareAge)
  }

  /** The member list of `primary`, made when its identity gets a second contact. */
  private list (primary: ImportRow): ImportRow[] {
    let members = this.members.get(primary.id)
    if (members === undefined) this.members.set(primary.id, members = [primary])
    return members
  }

  private create (row: ImportRow, primary: ImportRow | null): void {
    const linkedId = primary?.id ?? null
    row.linkedId = linkedId
    row.createdLinkedId = linkedId
    row.linkPrecedence = linkedId === null ? 'primary' : 'secondary'
    if (primary !== null) this.list(primary).push(row)
    if (row.email !== null && !this.carriers.email.has(row.email)) this.carriers.email.set(row.email, row)
    if (row.phoneNumber !== null && !this.carriers.phoneNumber.has(row.phoneNumber)) this.carriers.phoneNumber.set(row.phoneNumber, row)
  }
}
