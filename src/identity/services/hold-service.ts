// Held merges for operators: list them, approve one (the merge happens now) or reject it.
import type { Cluster } from '../model/clusters.js'
import type { ContactKeys, Identity } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin } from '../model/events.js'
import { DECISION_TYPES, decisionUnit, holdsOf, readHolds, type Hold, type HoldStatus } from '../rules/holds.js'
import type { Change } from '../model/changes.js'
import type { IdentityStore } from '../identity-store.js'
import { answer, eventOf, planIdentify, writesOf, type IdentifyPlan } from '../rules/reconcile.js'
import { withRetries, type RetryPolicy } from './retries.js'

export class HoldService {
  constructor (private readonly store: IdentityStore, private readonly retry: RetryPolicy) {}

  /**
   * Makes a held merge at this moment, as rule 3 says, whatever the guardrails say now.
   * @throws IdentityError HOLD_NOT_FOUND, HOLD_DECIDED, CONTACT_ERASED (one of its identities was erased since)
   */
  async approve (holdId: number, origin: EventOrigin): Promise<{ hold: Hold, identity: Identity }> {
    const pending = await this.pendingHold(holdId)
    await this.refuseErased(pending)
    const keys = pending.join
    const { store } = this
    const identity = await withRetries(this.retry, async () => {
      const clusters = await store.readClusters(keys)
      const scope = { keys, primaryIds: clusters.map(c => c.primary.id), origin }
      const { change, created } = await store.change(scope, fresh => approvalChange(keys, fresh, holdId))
      return answer(change.plan, change.clusters, created)
    })
    return { hold: await this.hold(holdId), identity }
  }

  /**
   * Rejects a held merge: the identities stay apart, and the same evidence is not held again.
   * @throws IdentityError HOLD_NOT_FOUND, HOLD_DECIDED
   */
  async reject (holdId: number, origin: EventOrigin): Promise<Hold> {
    const pending = await this.pendingHold(holdId)
    await this.store.recordEvent(origin, {
      type: 'merge.rejected', holdId, primaryIds: pending.primaryIds, join: pending.join, contactIds: [], cause: pending.join, unit: decisionUnit(holdId)
    }).catch((error: unknown) => { throw decidedAlready(error, holdId) })
    return await this.hold(holdId)
  }

  /** Held merges, oldest first; `status` keeps those in that state. */
  async list (status?: HoldStatus): Promise<Hold[]> {
    return (await readHolds(this.store)).filter(hold => status === undefined || hold.status === status)
  }

  /** @throws IdentityError HOLD_NOT_FOUND */
  async hold (holdId: number): Promise<Hold> {
    const event = await this.store.findEvent(holdId)
    const hold = event === null ? undefined : holdsOf([event], await this.store.findEvents({ types: DECISION_TYPES, holdIds: [holdId] }))[0]
    if (hold === undefined) throw new IdentityError(ErrorCodes.HOLD_NOT_FOUND, `no held merge with id ${holdId}`)
    return hold
  }

  /** An erased identity is merged with nothing: its hold can only be rejected. */
  private async refuseErased (hold: Hold): Promise<void> {
    for (const id of hold.primaryIds) {
      try {
        await this.store.readClusterOf(id)
      } catch (error) {
        if (!(error instanceof IdentityError && error.code === ErrorCodes.CONTACT_ERASED)) throw error
        throw new IdentityError(ErrorCodes.CONTACT_ERASED, `held merge ${hold.id} joins identity ${id}, which was erased since; reject it`, { cause: error })
      }
    }
  }

  private async pendingHold (holdId: number): Promise<Hold> {
    const hold = await this.hold(holdId)
    if (hold.status !== 'pending') throw new IdentityError(ErrorCodes.HOLD_DECIDED, `held merge ${holdId} was ${hold.status} already`)
    return hold
  }
}

/** A decision of the same hold recorded first by another request. */
function decidedAlready (error: unknown, holdId: number): unknown {
  if (error instanceof IdentityError && error.code === ErrorCodes.WRITE_CONFLICT) {
    return new IdentityError(ErrorCodes.HOLD_DECIDED, `held merge ${holdId} was decided already`, { cause: error })
  }
  return error
}

/** The approved merge: rules 2-4 as they apply now, recorded as the hold's decision. */
function approvalChange (keys: ContactKeys, clusters: Cluster[], holdId: number): Change & { plan: IdentifyPlan, clusters: Cluster[] } {
  const plan = planIdentify(keys, clusters)
  const unit = decisionUnit(holdId)
  const event = eventOf(plan, keys, clusters)
  const change = { writes: writesOf(plan), plan, clusters }
  if (event?.type === 'contact.created') return { ...change, event: { ...event, holdId, unit } }
  if (event?.type === 'identities.merged') return { ...change, event: { ...event, type: 'merge.approved', holdId, unit } }
  // Other evidence joined them meanwhile: nothing to merge, but the hold is decided. (A plan
  // without a primary creates one, and its event is a creation.)
  const primaryId = plan.primary!.id
  return { ...change, event: { type: 'merge.approved', primaryId, mergedPrimaryIds: [], join: keys, holdId, contactIds: [primaryId], cause: keys, unit } }
}
