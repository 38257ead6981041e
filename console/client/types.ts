// The shapes of the service's answers the console reads (see the OpenAPI document at /openapi.json).

export interface Identity {
  primaryContactId: number
  emails: string[]
  phoneNumbers: string[]
  secondaryContactIds: number[]
}

export interface Keys { email: string | null, phoneNumber: string | null }

export interface Contact {
  id: number
  email: string | null
  phoneNumber: string | null
  linkedId: number | null
  linkPrecedence: string
  createdAt: string
}

/** Why contacts are together: a shared email or phone, or a request (an event) that joined them. */
export type Via =
  | { kind: 'email' | 'phoneNumber', value: string }
  | { kind: 'request', eventId: number, requestId: string | null, at: string, email: string | null, phoneNumber: string | null }
  | { kind: 'backfilled', eventId: number, at: string }

export interface EvidenceGraph {
  primaryContactId: number
  contacts: Contact[]
  links: Array<{ via: Via, contactIds: number[] }>
  /** How many contacts the identity has; `truncated`: past the size limit, only the oldest are shown. */
  contactCount: number
  truncated: boolean
}

export interface Step { from: number, to: number, via: Via }
export interface Explanation { from: number, to: number, steps: Step[], complete: boolean }

export interface IdentityEvent {
  id: number
  at: string
  type: string
  requestId: string | null
  actor: string | null
  contactIds: number[]
  cause: Keys | null
  contactId?: number
  linkedId?: number | null
  primaryId?: number
  mergedPrimaryIds?: number[]
  join?: Keys
  holdId?: number
  joinedContactIds?: number[]
  reason?: string
  primaryIds?: number[]
  formerPrimaryId?: number
  undone?: { kind: string, eventId?: number, field?: string, value?: string }
  rule?: { id: string, field: string, match: string, value: string }
}

export interface EventPage { events: IdentityEvent[], next: number | null }

export type Field = 'email' | 'phoneNumber'

export interface BlockRule {
  id: string | number
  field: Field
  match: 'exact' | 'pattern'
  value: string
  builtIn: boolean
  createdAt: string | null
  actor: string | null
}

export interface Hold {
  id: number
  status: 'pending' | 'approved' | 'rejected'
  reason: string
  /** The latest held request's evidence: what approving joins. */
  join: Keys
  primaryIds: number[]
  hub: number
  /** Held requests it gathered while pending. */
  count: number
  requestId: string | null
  createdAt: string
  lastHeldAt: string
  decidedAt: string | null
  decidedBy: string | null
}

/** An approval, or with dryRun what it would do (`preview`). */
export interface ApproveResult {
  dryRun: boolean
  hold: Hold
  identity: Identity
  preview: { outcome: string, create: (Keys & { linkedId: number | null }) | null, demote: number[], relink: number[] } | null
}

/** What an undo takes away: one merge event, or every link through an identifier. */
export type UndoTarget = { eventId: number } | { email: string } | { phoneNumber: string }

export interface UndoResult {
  dryRun: boolean
  undone: { kind: 'merge' | 'identifier', eventId?: number, field?: Field, value?: string }
  /** The identities that held the evidence (an identifier may join several). */
  before: Identity[]
  after: Identity[]
  split: boolean
  stillJoinedBy: Step[] | null
  eventId: number | null
}

/** Whom an erasure takes: the person behind a contact, an email or a phone; `suppress` keeps them out afterwards. */
export type EraseTarget = ({ contactId: number } | { email: string } | { phoneNumber: string }) & { suppress: boolean }

export interface EraseResult {
  dryRun: boolean
  identity: Identity
  contactIds: number[]
  eventIds: number[]
  holdIds: number[]
  suppressed: boolean
  eventId: number | null
}

/** The service's error body. */
export interface ApiErrorBody { statusCode: number, code: string, error: string, message: string }
