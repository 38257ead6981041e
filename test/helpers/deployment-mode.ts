// Skips a test written for one deployment mode when the test database runs the other, with one line saying why.
import { inject, type TestContext } from 'vitest'
import type { App } from '../../src/app.js'

/**
 * For tests of the lock path (lock documents, leases, fences, repairs of a change left half
 * written): on a replica set every change is one transaction, so none of that exists there and
 * the test would fail without a bug. Call it first in the test, or in a `beforeEach`.
 */
export function lockPathOnly (context: TestContext, app: App, what: string): void {
  if (!app.db.transactions) return
  const reason = `skipped on a replica set (${inject('databaseKind')}): ${what} is lock-path behaviour; with transactions a change is all or nothing`
  // Printed as well as recorded: the default reporter does not show skip reasons.
  console.warn(`[tests] ${reason}`)
  context.skip(reason)
}
