// Translates MongoDB driver errors into the domain's error codes, in one place.
import mongoose from 'mongoose'
import { ErrorCodes, IdentityError } from '../identity/errors.js'

const {
  MongoServerError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError,
  MongoOperationTimeoutError
} = mongoose.mongo

const DUPLICATE_KEY = 11000
const WRITE_CONFLICT = 112

export function isDuplicateKey (error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY
}

function isUnreachable (error: unknown): boolean {
  return error instanceof MongoServerSelectionError || error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError ||
    (error instanceof Error && error.name === 'MongooseServerSelectionError')
}

/** The domain error for a driver error, or the error itself when it is a bug to report as 500. */
export function translateStoreError (error: unknown): unknown {
  if (error instanceof IdentityError) return error
  if (isUnreachable(error)) {
    return new IdentityError(ErrorCodes.DATABASE_UNAVAILABLE, 'the database cannot be reached', { cause: error })
  }
  if (error instanceof MongoOperationTimeoutError) {
    // withTransaction gave up retrying: the server was gone, or conflicts lasted the whole budget.
    return isUnreachable(error.cause)
      ? new IdentityError(ErrorCodes.DATABASE_UNAVAILABLE, 'the database cannot be reached', { cause: error })
      : new IdentityError(ErrorCodes.IDENTITY_BUSY, 'too many concurrent changes to this identity; retry shortly', { cause: error })
  }
  if (error instanceof MongoServerError &&
      (error.code === DUPLICATE_KEY || error.code === WRITE_CONFLICT || error.hasErrorLabel('TransientTransactionError'))) {
    return new IdentityError(ErrorCodes.WRITE_CONFLICT, 'a concurrent request changed the same data', { cause: error })
  }
  return error
}
