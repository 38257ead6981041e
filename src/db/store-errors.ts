// Translates MongoDB driver errors into the domain's error codes, in one place.
import mongoose from 'mongoose'
import { ErrorCodes, IdentityError, identityBusy } from '../identity/errors.js'

const {
  MongoServerError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError,
  MongoServerClosedError, MongoWriteConcernError, MongoOperationTimeoutError, MongoBulkWriteError, MongoError
} = mongoose.mongo

const DUPLICATE_KEY = 11000
const WRITE_CONFLICT = 112
// Server answers that mean "not now": shutting down, stepped down, no primary to write to.
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435 // NotPrimaryNoSecondaryOk
])
// Driver errors the package does not export, known by name: every connection of the pool is
// busy with a stalled server (the wait for one timed out), or the pool is closing.
const UNAVAILABLE_NAMES = new Set(['MongoWaitQueueTimeoutError', 'MongoPoolClosedError', 'MongooseServerSelectionError'])

export function isDuplicateKey (error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY
}

/** The server cannot be reached or cannot take writes now; the same request may work later. */
function isUnavailable (error: unknown): boolean {
  // MongoNetworkError covers a socket that timed out (MongoNetworkTimeoutError): a stalled server.
  return error instanceof MongoServerSelectionError || error instanceof MongoNetworkError ||
    // Only raised with client-side operation timeouts (timeoutMS), a no-op in driver 7.8; kept
    // so that a driver that honours them again still answers 503, not 500.
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError || error instanceof MongoWriteConcernError ||
    (error instanceof MongoServerError && UNAVAILABLE_CODES.has(Number(error.code))) ||
    // The commit may or may not have happened; the request is safe to repeat.
    (error instanceof MongoError && error.hasErrorLabel('UnknownTransactionCommitResult')) ||
    (error instanceof Error && UNAVAILABLE_NAMES.has(error.name)) ||
    // A bulk write (insertMany) wraps the network error it met instead of being one.
    (error instanceof MongoBulkWriteError && isUnavailable(error.errorResponse))
}

export const unavailable = (cause: unknown): IdentityError =>
  new IdentityError(ErrorCodes.DATABASE_UNAVAILABLE, 'the database cannot be reached', { cause })

/** The domain error for a driver error, or the error itself when it is a bug to report as 500. */
export function translateStoreError (error: unknown): unknown {
  if (error instanceof IdentityError) return error
  if (isUnavailable(error)) return unavailable(error)
  if (error instanceof MongoServerError &&
      (error.code === DUPLICATE_KEY || error.code === WRITE_CONFLICT || error.hasErrorLabel('TransientTransactionError'))) {
    return new IdentityError(ErrorCodes.WRITE_CONFLICT, 'a concurrent request changed the same data', { cause: error })
  }
  return error
}

/** Why a transaction that the driver kept retrying past the request's deadline gave up. */
export function giveUp (lastError: unknown): IdentityError {
  return isUnavailable(lastError) ? unavailable(lastError) : identityBusy(lastError)
}
