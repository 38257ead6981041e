// Held merges for operators: page through them, approve one (re-checked, the merge happens now) or reject it.
import type { Cluster } from '../model/clusters.js'
import type { Identity } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin } from '../model/events.js'
import type { Blocklist } from '../rules/guardrails.js'
import { decisionUnit, staleness, type Hold } from '../rules/holds.js'
import { previewOf, type IdentifyPreview } from './identity-service.js'
import type { Change } from '../model/changes.js'
import type { HoldPage, IdentityStore } from '../identity-store.js'
import { answer, eventOf, planIdentify, writesOf, type IdentifyPlan } from '../rules/reconcile.js'
import { withRetries, type RetryPolicy } from './retries.js'

export interface ApproveResult {
  dryRun: boolean
  hold: Hold
  /** The identity the approval made, or would make (dry run: see `preview`). */
  identity: Identity
  /** A dry run's plan: what approving would create, demote and re-point; null when it was done. */
  preview: IdentifyPreview | null
}

export class HoldService {
  constructor (private readonly store: IdentityStore, private readonly retry: RetryPolicy, private readonly blocklist: () => Blocklist) {}

  /**
   * Makes the merge the hold names, at this moment, as rule 3 says; refused when its identities
   * changed since or one of its identifiers is now blocked. With `dryRun`, says what it would do
   * (after the same checks) and writes nothing.
   * @throws IdentityError HOLD_NOT_FOUND, HOLD_DECIDED, HOLD_STALE
   */
  async approve (holdId: number, { dryRun }: { dryRun: boolean }, origin: EventOrigin): Promise<ApproveResult> {
    const { store } = this
    return await withRetries(this.retry, async () => {
      const hold = pending(await this.hold(holdId))
      const clusters = await store.readClusters(hold.join, hold.primaryIds)
      checkFresh(hold, clusters, this.blocklist())
      if (dryRun) {
        const preview = previewOf(hold.join, clusters)
        return { dryRun, hold, identity: preview.identity, preview }
      }
      // The same guard as reject (the hold's own lock), plus the identities the merge touches.
      const scope = { keys: hold.join, primaryIds: clusters.map(c => c.primary.id), origin, holdId }
      const { change, created } = await store.change(scope, (fresh, _events, holds) => approvalChange(hold, fresh, holds[0], this.blocklist()))
      return { dryRun, hold: await this.hold(holdId), identity: answer(change.plan, change.clusters, created), preview: null }
    })
  }

  /**
   * Rejects a held merge: the identities stay apart, and the same evidence is not held again.
   * Decided under the same guard as approve: of the two, exactly one wins.
   * @throws IdentityError HOLD_NOT_FOUND, HOLD_DECIDED
   */
  async reject (holdId: number, origin: EventOrigin): Promise<Hold> {
    await withRetries(this.retry, async () => {
      const hold = pending(await this.hold(holdId))
      // Also the hub's guard, under which held requests are gathered into the hold: without
      // transactions an update of the same document at the same time could undo the decision's.
      // An erased hub gathers nothing more (its identifiers are gone): no guard of its own.
      const hub = await this.store.readClusterOf(hold.hub).catch((error: unknown) => {
        if (error instanceof IdentityError && error.code === ErrorCodes.CONTACT_ERASED) return null
        throw error
      })
      const primaryIds = hub?.primary.id === hold.hub ? [hold.hub] : []
      await this.store.change({ keys: null, primaryIds, origin, holdId }, (_clusters, _events, holds) => {
        const current = pending(holds[0] ?? notFound(holdId))
        const change: Change = {
          writes: {},
          event: { type: 'merge.rejected', holdId, primaryIds: current.primaryIds, join: current.join, contactIds: [], cause: current.join, unit: decisionUnit(holdId) },
          hold: { kind: 'decide', holdId, status: 'rejected' }
        }
        return change
      }).catch((error: unknown) => { throw decidedAlready(error, hold.id) })
    })
    return await this.hold(holdId)
  }

  /** A page of held merges, oldest first; `status` keeps those in that state. */
  async list (page: HoldPage): Promise<{ holds: Hold[], next: number | null }> {
    return await this.store.holds(page)
  }

  /** @throws IdentityError HOLD_NOT_FOUND */
  async hold (holdId: number): Promise<Hold> {
    return await this.store.findHold(holdId) ?? notFound(holdId)
  }
}

function notFound (holdId: number): never {
  throw new IdentityError(ErrorCodes.HOLD_NOT_FOUND, `no held merge with id ${holdId}`)
}

/** @throws IdentityError HOLD_DECIDED */
function pending (hold: Hold): Hold {
  if (hold.status !== 'pending') throw new IdentityError(ErrorCodes.HOLD_DECIDED, `held merge ${hold.id} was ${hold.status} already`)
  return hold
}

/** @throws IdentityError HOLD_STALE naming what changed since the hold. */
function checkFresh (hold: Hold, clusters: readonly Cluster[], blocklist: Blocklist): void {
  const changes = staleness(hold, clusters, blocklist)
  if (changes.length > 0) {
    throw new IdentityError(ErrorCodes.HOLD_STALE, `held merge ${hold.id} no longer describes the identities: ${changes.join('; ')}. Nothing was merged; reject it, and let a new request be held if the merge is still wanted`)
  }
}

/** A decision of the same hold recorded first by another request (the once-only decision event). */
function decidedAlready (error: unknown, holdId: number): unknown {
  if (error instanceof IdentityError && error.code === ErrorCodes.WRITE_CONFLICT) {
    return new IdentityError(ErrorCodes.HOLD_DECIDED, `held merge ${holdId} was decided already`, { cause: error })
  }
  return error
}

/**
 * The approved merge, decided under the guard: the hold still pending and unchanged (a held
 * request may have gathered newer evidence into it: then try again with that), nothing stale,
 * then rules 2-4 as they apply now, recorded as the hold's decision.
 */
function approvalChange (read: Hold, clusters: Cluster[], current: Hold | undefined, blocklist: Blocklist): Change & { plan: IdentifyPlan, clusters: Cluster[] } {
  const hold = pending(current ?? notFound(read.id))
  if (hold.count !== read.count) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `held merge ${hold.id} gathered another request meanwhile`)
  checkFresh(hold, clusters, blocklist)
  const keys = hold.join
  const holdId = hold.id
  const plan = planIdentify(keys, clusters)
  const unit = decisionUnit(holdId)
  const event = eventOf(plan, keys, clusters)
  const change = { writes: writesOf(plan), plan, clusters, hold: { kind: 'decide' as const, holdId, status: 'approved' as const } }
  if (event?.type === 'contact.created') return { ...change, event: { ...event, holdId, unit } }
  if (event?.type === 'identities.merged') return { ...change, event: { ...event, type: 'merge.approved', holdId, unit } }
  // Other evidence joined them meanwhile: nothing to merge, but the hold is decided. (A plan
  // without a primary creates one, and its event is a creation.)
  const primaryId = plan.primary!.id
  return { ...change, event: { type: 'merge.approved', primaryId, mergedPrimaryIds: [], join: keys, holdId, contactIds: [primaryId], cause: keys, unit } }
}
