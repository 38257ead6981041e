// The evidence log: every change to the identity graph is one event that says what changed and why.
import type { ContactKeys } from './contact.js'

/** Who or what caused an event: a request's id, and an operator for admin actions. */
export interface EventOrigin {
  /** The `x-request-id` of the request that caused it. */
  requestId: string | null
  /** The operator of an admin action; null for /identify. */
  actor: string | null
}

/** What changed, by type. `contactIds` on the event lists every contact each one touched. */
export type EventChange =
  | {
    type: 'contact.created'
    contactId: number
    /** The primary it was linked to; null for a new primary. */
    linkedId: number | null
    /** The contact's own email, phone and creation time: a consumer needs nothing else to add it. */
    email: string | null
    phoneNumber: string | null
    createdAt: Date
    /** Set when an operator approved the held request that created it. */
    holdId?: number
  }
  | ({ type: 'identities.merged' } & MergeFields)
  /** An operator approved a held merge, which happened then. */
  | ({ type: 'merge.approved', holdId: number } & MergeFields)
  | {
    type: 'links.backfilled'
    primaryId: number
    /** Contacts that no recorded evidence joins; the request that joined them was never recorded. */
    joinedContactIds: number[]
  }
  /** A merge that a guardrail held, opening hold `holdId` (read from logs older than the holds counter: the event's id). */
  | { type: 'merge.held', holdId: number, reason: HoldReason, primaryIds: number[], join: ContactKeys }
  | { type: 'merge.rejected', holdId: number, primaryIds: number[], join: ContactKeys }
  | {
    /** `identity.split` when the identity fell apart; `link.undone` when other evidence still holds it together. */
    type: 'identity.split' | 'link.undone'
    /** The evidence taken away: a merge event, or every link through one identifier among `contactIds`. */
    undone: UndoTarget
    /** The identity's primary before, and the primaries of the identities it became (oldest first). */
    formerPrimaryId: number
    primaryIds: number[]
    /** Which contacts each identity holds afterwards: every contact in `contactIds`, once. */
    parts: SplitPart[]
  }
  | { type: 'identifier.blocked' | 'identifier.unblocked', rule: BlockRuleRef }
  /** Every contact of an identity lost its email and phone (ids only: consumers erase their copies too). */
  | { type: 'identity.erased', primaryId: number, suppressed: boolean }

export type EventType = EventChange['type']

/** What a merge changed: every contact of the identities `mergedPrimaryIds` now belongs to `primaryId`. */
export interface MergeFields {
  primaryId: number
  /** Primaries that became secondaries of `primaryId`. */
  mergedPrimaryIds: number[]
  /** The request's email and phone that joined them: the evidence that keeps them together. */
  join: ContactKeys
}

/** One identity an undo leaves: its primary (its oldest contact) and every contact in it, the primary included. */
export interface SplitPart { primaryId: number, contactIds: number[] }

/** Why a merge was held for an operator. */
export type HoldReason = 'identity-size' | 'generic-identifier'

/** The evidence an undo takes away. */
export type UndoTarget =
  | { kind: 'merge', eventId: number }
  | { kind: 'identifier', field: 'email' | 'phoneNumber', value: string }

/** What an erasure keeps with its guard, so that a repair can finish it should it die half way. */
export interface ErasureIntent {
  /** Whether the erased identifiers are suppressed. */
  suppress: boolean
  /** Identifiers of the identity left in the log ("email:…", "phoneNumber:…"): blocked values, which other identities may carry. */
  keep: string[]
}

export interface BlockRuleRef { id: string, field: 'email' | 'phoneNumber', match: 'exact' | 'pattern', value: string }

/** An event before the log gives it an id and a time. */
export type NewEvent = EventOrigin & EventChange & {
  /** Every contact the change touched (created, re-pointed, promoted). */
  contactIds: number[]
  /** The request's normalised email and phone, when a request caused it. */
  cause: ContactKeys | null
}

/** A recorded event: ids grow with time and are never reused. */
export type IdentityEvent = NewEvent & { id: number, at: Date }
