// Errors the domain raises, each with a stable code; the HTTP layer maps codes to statuses.

export const ErrorCodes = {
  /** Neither an email nor a phone number was given. */
  MISSING_CONTACT_FIELDS: 'MISSING_CONTACT_FIELDS',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_PHONE_NUMBER: 'INVALID_PHONE_NUMBER',
  CONTACT_NOT_FOUND: 'CONTACT_NOT_FOUND',
  /** Conflicting requests kept winning for longer than the retry budget. */
  IDENTITY_BUSY: 'IDENTITY_BUSY',
  /** The store cannot be reached; the caller should retry later. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** Internal: another request holds a lock this one needs. Retried, never returned. */
  LOCK_BUSY: 'LOCK_BUSY',
  /** Internal: a concurrent write changed what this request read. Retried, never returned. */
  WRITE_CONFLICT: 'WRITE_CONFLICT',
  /** Links that do not resolve to a primary: the data needs an operator. */
  BROKEN_LINKS: 'BROKEN_LINKS'
} as const

export type ErrorCode = typeof ErrorCodes[keyof typeof ErrorCodes]

export class IdentityError extends Error {
  override name = 'IdentityError'

  constructor (readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The answer when conflicting requests kept winning for longer than the retry budget. */
export function identityBusy (cause: unknown): IdentityError {
  return new IdentityError(ErrorCodes.IDENTITY_BUSY, 'too many concurrent changes to this identity; retry shortly', { cause })
}

/** Errors that a fresh attempt of the same request can get past. */
export function isRetryable (error: unknown): boolean {
  return error instanceof IdentityError &&
    (error.code === ErrorCodes.LOCK_BUSY || error.code === ErrorCodes.WRITE_CONFLICT)
}
