// The repair of a change whose process died after writing contacts and before recording its event.
import type { Cluster } from '../model/clusters.js'
import type { Contact, ContactKeys } from '../model/contact.js'
import { contactCreated, type RecordedChange, type Repair } from '../model/changes.js'
import type { ErasureIntent, IdentityEvent, UndoTarget } from '../model/events.js'
import { planErasure } from './erasure.js'
import type { Field } from './guardrails.js'
import { planSplit } from './undo.js'

export type WrittenAs = 'created' | 'demoted' | 'relinked' | 'split' | 'erased'

/** A change whose holder died: what its guard covered, what it was doing, and what it wrote. */
export interface DeadChange {
  /** The request keys it was guarded by. */
  cause: ContactKeys
  /** The primaries it was guarded by: for an undo, the identities it started from. */
  primaryIds: readonly number[]
  /** What it took away, when it was an undo. */
  undo: UndoTarget | null
  /** What it was erasing, when it was an erasure (of the identity of `primaryIds`). */
  erase: ErasureIntent | null
  /** Each contact it wrote last, with how. */
  written: ReadonlyArray<{ contact: Contact, as: WrittenAs }>
}

/**
 * The contacts whose complete clusters (and their events) the repair of `dead` must read: an
 * undo's former primaries and what it had moved, to finish it; an erasure's identity, erased
 * contacts included; none for other changes.
 */
export function repairReads (dead: DeadChange): number[] {
  if (dead.erase !== null) return [...dead.primaryIds]
  return dead.undo === null ? [] : [...dead.primaryIds, ...dead.written.map(w => w.contact.id)]
}

/**
 * What finishes a dead change, given the clusters and events `repairReads` names: an undo's
 * parts not split off yet, and its event; an erasure all over again (each step can run twice:
 * it may have written suppressions and the log before any contact), and its event; for a merge
 * or a new contact, only the event its contacts show. Null: nothing to do.
 * @param keyOf the suppression key of an identifier, when the service has a secret (without it,
 *   a dead erasure is finished unsuppressed beyond what it had written, and its event says so)
 */
export function planRepair (dead: DeadChange, clusters: readonly Cluster[], events: readonly IdentityEvent[],
  keyOf?: (field: Field, value: string) => string): Repair | null {
  if (dead.erase !== null) {
    const identity = clusters.find(c => dead.primaryIds.includes(c.primary.id))
    if (identity === undefined) return null
    const plan = planErasure(identity, { suppress: dead.erase.suppress && keyOf !== undefined, keep: new Set(dead.erase.keep), keyOf })
    return { writes: plan.writes, event: plan.event }
  }
  if (dead.written.length === 0) return null
  if (dead.undo === null) {
    const event = recoveredEvent(dead.written, dead.cause)
    return event === null ? null : { writes: {}, event }
  }
  const plan = planSplit(dead.undo, clusters, events, dead.primaryIds)
  return { writes: plan.writes, event: plan.event }
}

/**
 * Reconstructs the event from what the dead change wrote (each contact with how it wrote it) and
 * from the request keys it held its guard for. Records only what the contacts show happened. (A
 * dead undo is finished by planSplit, a dead erasure by planErasure.)
 */
function recoveredEvent (written: ReadonlyArray<{ contact: Contact, as: WrittenAs }>, cause: ContactKeys): RecordedChange | null {
  const ids = written.map(w => w.contact.id).sort((a, b) => a - b)
  const created = written.find(w => w.as === 'created')
  if (created !== undefined) {
    return contactCreated(created.contact, cause)
  }
  const demoted = written.filter(w => w.as === 'demoted').map(w => w.contact)
  const primaryId = demoted[0]?.linkedId
  if (primaryId !== undefined && primaryId !== null) {
    return {
      type: 'identities.merged',
      primaryId,
      mergedPrimaryIds: demoted.map(c => c.id),
      join: cause,
      contactIds: [...new Set([primaryId, ...ids])].sort((a, b) => a - b),
      cause
    }
  }
  return null
}
