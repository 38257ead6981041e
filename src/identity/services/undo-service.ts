// Undo a wrong merge, or every link through an identifier: identities recomputed from the evidence left.
import type { Cluster } from '../model/clusters.js'
import { toIdentity } from '../rules/reconcile.js'
import type { Identity } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin, UndoTarget } from '../model/events.js'
import type { EvidenceStep } from '../rules/evidence.js'
import type { Blocklist } from '../rules/guardrails.js'
import type { IdentityStore } from '../identity-store.js'
import { normalizeEmail, normalizePhoneNumber, type CountryCode } from '../rules/normalize.js'
import { withRetries, type RetryPolicy } from './retries.js'
import { planSplit, UNDOABLE_TYPES } from '../rules/undo.js'

/** What to undo: one merge event, or every link through an email or a phone. */
export type UndoRequest = { eventId: number } | { email: string } | { phoneNumber: string }

export interface UndoResult {
  dryRun: boolean
  undone: UndoTarget
  before: Identity[]
  after: Identity[]
  split: boolean
  stillJoinedBy: EvidenceStep[] | null
  /** The event that records the undo; null in a dry run. */
  eventId: number | null
}

export interface UndoServiceOptions {
  store: IdentityStore
  blocklist: () => Blocklist
  phoneDefaultRegion: CountryCode | undefined
  retry: RetryPolicy
}

export class UndoService {
  constructor (private readonly options: UndoServiceOptions) {}

  /**
   * Takes the evidence away and splits what no longer holds together, under the same guard as a
   * merge; with `dryRun`, says what it would do and writes nothing.
   * @throws IdentityError EVENT_NOT_FOUND, NOT_UNDOABLE, IDENTIFIER_NOT_BLOCKED, CONTACT_NOT_FOUND
   */
  async undo (request: UndoRequest, { dryRun }: { dryRun: boolean }, origin: EventOrigin): Promise<UndoResult> {
    const { store } = this.options
    return await withRetries(this.options.retry, async () => {
      // Checked on every attempt: one that failed after writing was finished and recorded by its
      // own repair, and must not be undone twice.
      const target = await this.target(request)
      const clusters = await this.clustersOf(target)
      if (clusters.length === 0) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, 'no contact holds the evidence to undo')
      if (dryRun) {
        const plan = planSplit(target, clusters, await store.eventsOf(clusters.flatMap(c => c.contacts.map(m => m.id))))
        return { dryRun, undone: target, ...view(plan), eventId: null }
      }
      const scope = { keys: null, primaryIds: clusters.map(c => c.primary.id), origin, undo: target, withEvents: true }
      const { change: plan, numbered } = await store.change(scope, (fresh, events) => planSplit(target, fresh, events))
      return { dryRun, undone: target, ...view(plan), eventId: (await numbered())?.id ?? null }
    })
  }

  /** The evidence to take away, checked: a merge event not undone yet, or a blocked identifier. */
  private async target (request: UndoRequest): Promise<UndoTarget> {
    if ('eventId' in request) {
      const event = await this.options.store.findEvent(request.eventId)
      if (event === null) throw new IdentityError(ErrorCodes.EVENT_NOT_FOUND, `no event with id ${request.eventId}`)
      if (!(UNDOABLE_TYPES as readonly string[]).includes(event.type)) {
        throw new IdentityError(ErrorCodes.NOT_UNDOABLE, `event ${event.id} is ${event.type}; only merges (${UNDOABLE_TYPES.join(', ')}) can be undone one by one`)
      }
      const undos = await this.options.store.findEvents({ types: ['identity.split', 'link.undone'] })
      const undo = undos.find(u => 'undone' in u && u.undone.kind === 'merge' && u.undone.eventId === event.id)
      if (undo !== undefined) {
        throw new IdentityError(ErrorCodes.NOT_UNDOABLE, `event ${event.id} was undone already, by event ${undo.id} (request ${undo.requestId ?? 'unknown'})`)
      }
      return { kind: 'merge', eventId: event.id }
    }
    const field = 'email' in request ? 'email' : 'phoneNumber'
    const raw = 'email' in request ? request.email : request.phoneNumber
    const value = field === 'email' ? normalizeEmail(raw) : normalizePhoneNumber(raw, this.options.phoneDefaultRegion)
    if (value === null) throw new IdentityError(field === 'email' ? ErrorCodes.INVALID_EMAIL : ErrorCodes.INVALID_PHONE_NUMBER, `${field} must not be blank`)
    if (this.options.blocklist().match(field, value) === undefined) {
      throw new IdentityError(ErrorCodes.IDENTIFIER_NOT_BLOCKED,
        `${field} ${value} is not blocked: block it first, or the next request that names it joins these identities again`)
    }
    return { kind: 'identifier', field, value }
  }

  /** The identities that hold the evidence now. */
  private async clustersOf (target: UndoTarget): Promise<Cluster[]> {
    const { store } = this.options
    if (target.kind === 'identifier') {
      const clusters = await store.readClusters({ email: null, phoneNumber: null, [target.field]: target.value })
      if (clusters.length === 0) throw new IdentityError(ErrorCodes.CONTACT_NOT_FOUND, `no contact has ${target.field} ${target.value}`)
      return clusters
    }
    // Where the merge's evidence lives now: with the carriers of the identifiers it named (an
    // earlier undo may have moved them away from the primary it merged into).
    const event = (await store.findEvent(target.eventId))!
    if ('join' in event) return await store.readClusters(event.join)
    const clusters = new Map<number, Cluster>()
    for (const id of event.type === 'links.backfilled' ? event.joinedContactIds : event.contactIds) {
      const cluster = await store.readClusterOf(id)
      if (cluster !== null) clusters.set(cluster.primary.id, cluster)
    }
    return [...clusters.values()]
  }
}

function view (plan: ReturnType<typeof planSplit>) {
  return {
    before: plan.before,
    after: plan.after.map(part => toIdentity(part[0]!, part)),
    split: plan.split,
    stillJoinedBy: plan.stillJoinedBy
  }
}
