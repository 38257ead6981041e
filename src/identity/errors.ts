// Errors the domain raises, each with a stable code; the HTTP layer maps codes to statuses.

export const ErrorCodes = {
  /** Neither an email nor a phone number was given. */
  MISSING_CONTACT_FIELDS: 'MISSING_CONTACT_FIELDS',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_PHONE_NUMBER: 'INVALID_PHONE_NUMBER',
  CONTACT_NOT_FOUND: 'CONTACT_NOT_FOUND',
  /** The contact's identity was erased: its id still resolves, to nothing but that fact. */
  CONTACT_ERASED: 'CONTACT_ERASED',
  /** An erasure by an identifier that sits in several identities (blocked, then its links undone): name a contact instead. */
  IDENTIFIER_SHARED: 'IDENTIFIER_SHARED',
  /** Suppression asked for, but no ERASURE_SECRET is configured to key its hashes. */
  SUPPRESSION_UNAVAILABLE: 'SUPPRESSION_UNAVAILABLE',
  SUPPRESSION_NOT_FOUND: 'SUPPRESSION_NOT_FOUND',
  /** Two contacts asked to be explained are in different identities. */
  NOT_LINKED: 'NOT_LINKED',
  /** One identity, but the log holds no evidence that links them (data older than the log). */
  EVIDENCE_MISSING: 'EVIDENCE_MISSING',
  /** Every identifier the request brought is blocked: nothing to link. */
  IDENTIFIERS_BLOCKED: 'IDENTIFIERS_BLOCKED',
  /** A blocklist pattern that is not an RE2 regular expression, or compiles too big. */
  INVALID_PATTERN: 'INVALID_PATTERN',
  RULE_EXISTS: 'RULE_EXISTS',
  /** As many pattern rules as BLOCKLIST_PATTERN_LIMIT exist already. */
  PATTERN_LIMIT: 'PATTERN_LIMIT',
  RULE_NOT_FOUND: 'RULE_NOT_FOUND',
  /** Built-in rules are part of the service. */
  BUILT_IN_RULE: 'BUILT_IN_RULE',
  HOLD_NOT_FOUND: 'HOLD_NOT_FOUND',
  /** The hold was approved or rejected already. */
  HOLD_DECIDED: 'HOLD_DECIDED',
  /** The hold's identities changed since it was made, or one of its identifiers is now blocked: approving would merge something else. */
  HOLD_STALE: 'HOLD_STALE',
  EVENT_NOT_FOUND: 'EVENT_NOT_FOUND',
  /** The event is not a merge (undo takes away merges and identifiers only), or it was undone already. */
  NOT_UNDOABLE: 'NOT_UNDOABLE',
  /** Undoing the links of an identifier that is not blocked: the next request would join them again. */
  IDENTIFIER_NOT_BLOCKED: 'IDENTIFIER_NOT_BLOCKED',
  /** Conflicting requests kept winning for longer than the retry budget. */
  IDENTITY_BUSY: 'IDENTITY_BUSY',
  /** The store cannot be reached; the caller should retry later. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** Internal: another request holds a lock this one needs. Retried, never returned. */
  LOCK_BUSY: 'LOCK_BUSY',
  /** Internal: a concurrent write changed what this request read. Retried, never returned. */
  WRITE_CONFLICT: 'WRITE_CONFLICT',
  /** Links that do not resolve to a primary: the data needs an operator. */
  /** Internal: a new contact's id was taken already (written without the id counter, by an import). Retried, never returned. */
  ID_COLLISION: 'ID_COLLISION',
  BROKEN_LINKS: 'BROKEN_LINKS',
  // Raised by the access layer (src/access), listed here so that one table maps every code to a status.
  /** No API key, or one that is not configured (any more). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A valid key without the scope the route requires. */
  FORBIDDEN: 'FORBIDDEN',
  /** The key made more requests than its scope's rate limit allows. */
  RATE_LIMITED: 'RATE_LIMITED'
} as const

export type ErrorCode = typeof ErrorCodes[keyof typeof ErrorCodes]

export class IdentityError extends Error {
  override name = 'IdentityError'
  /** How long a caller should wait before trying again, where the domain knows better than a default. */
  readonly retryAfterMs: number | undefined

  constructor (readonly code: ErrorCode, message: string, options?: { cause?: unknown, retryAfterMs?: number }) {
    super(message, options)
    this.retryAfterMs = options?.retryAfterMs
  }
}

/**
 * The answer when conflicting requests kept winning for longer than the retry budget. When a lock
 * of a request that died is in the way, the caller learns when its lease runs out.
 */
export function identityBusy (cause: unknown): IdentityError {
  const retryAfterMs = cause instanceof IdentityError ? cause.retryAfterMs : undefined
  return new IdentityError(ErrorCodes.IDENTITY_BUSY, 'too many concurrent changes to this identity; retry shortly', { cause, retryAfterMs })
}

/** Errors that a fresh attempt of the same request can get past. */
export function isRetryable (error: unknown): boolean {
  return error instanceof IdentityError &&
    (error.code === ErrorCodes.LOCK_BUSY || error.code === ErrorCodes.WRITE_CONFLICT || error.code === ErrorCodes.ID_COLLISION)
}

export function isLockBusy (error: unknown): boolean {
  return error instanceof IdentityError && error.code === ErrorCodes.LOCK_BUSY
}
