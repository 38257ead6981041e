// How driver errors become domain errors: the one mapping behind every 503 and retry.
import mongoose from 'mongoose'
import { describe, expect, it } from 'vitest'
import { giveUp, translateStoreError } from '../../src/db/store-errors.js'
import { ErrorCodes, IdentityError } from '../../src/identity/errors.js'

const { MongoServerError, MongoServerSelectionError, MongoNetworkError, MongoNetworkTimeoutError, MongoOperationTimeoutError, MongoDriverError, MongoBulkWriteError } = mongoose.mongo

// The driver builds these with the topology it could not use; an empty one is enough here.
const selectionError = (message: string) => new MongoServerSelectionError(message, { error: undefined } as never)

function codeOf (error: unknown): string | undefined {
  const translated = translateStoreError(error)
  return translated instanceof IdentityError ? translated.code : undefined
}

describe('translateStoreError', () => {
  it('maps an unreachable server to DATABASE_UNAVAILABLE', () => {
    expect(codeOf(selectionError('Server selection timed out'))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    expect(codeOf(new MongoNetworkError('connection reset'))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
  })

  it('maps a server that stopped answering (timeouts) to DATABASE_UNAVAILABLE', () => {
    // A command's socket went quiet for socketTimeoutMS.
    expect(codeOf(new MongoNetworkTimeoutError('connection 1 to 127.0.0.1:27017 timed out'))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    // Every pool connection is stuck on the stalled server: the wait for one ran out. The driver
    // does not export this class; it is recognised by its name, as the driver names it.
    const waitQueue = Object.defineProperty(new MongoDriverError('Timed out while checking out a connection from connection pool'),
      'name', { value: 'MongoWaitQueueTimeoutError' })
    expect(codeOf(waitQueue)).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    // insertMany wraps it in a bulk write error.
    const bulk = new MongoBulkWriteError(new MongoNetworkTimeoutError('connection 11 to 127.0.0.1:27017 timed out') as never, {} as never)
    expect(codeOf(bulk)).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    // Client-side operation timeouts, should a driver honour timeoutMS again.
    expect(codeOf(new MongoOperationTimeoutError('Timed out during withTransaction'))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    expect(giveUp(new MongoOperationTimeoutError('Timed out during withTransaction')).code).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
  })

  it('maps duplicate keys and write conflicts to a retryable WRITE_CONFLICT', () => {
    expect(codeOf(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(ErrorCodes.WRITE_CONFLICT)
    expect(codeOf(new MongoServerError({ code: 112, errmsg: 'WriteConflict' }))).toBe(ErrorCodes.WRITE_CONFLICT)
  })

  it('maps a server that is shutting down or has no primary to DATABASE_UNAVAILABLE', () => {
    expect(codeOf(new MongoServerError({ code: 91, errmsg: 'ShutdownInProgress' }))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    expect(codeOf(new MongoServerError({ code: 10107, errmsg: 'NotWritablePrimary' }))).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
  })

  it('tells apart the two reasons a transaction runs out of time', () => {
    expect(giveUp(selectionError('gone')).code).toBe(ErrorCodes.DATABASE_UNAVAILABLE)
    expect(giveUp(new MongoServerError({ code: 112, errmsg: 'WriteConflict' })).code).toBe(ErrorCodes.IDENTITY_BUSY)
  })

  it('leaves anything else alone, to be reported as a 500', () => {
    const bug = new TypeError('x is undefined')
    expect(translateStoreError(bug)).toBe(bug)
    expect(codeOf(new MongoServerError({ code: 2, errmsg: 'BadValue' }))).toBeUndefined()
  })
})
