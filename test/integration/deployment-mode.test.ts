// One mode per deployment: an instance that finds a replica set but cannot run a transaction refuses to start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { DeploymentModeError, probeTransaction, transactionsMode } from '../../src/db/database-plugin.js'
import { buildTestApp } from '../helpers/test-app.js'

let app: App
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

const probe = async () => { await probeTransaction(app.db.connection, app.db.models) }
const neverCalled = async () => { throw new Error('the probe must not run when hello claims no transactions') }
// hello answers as servers give them (more fields than the mode looks at).
const standalone = { isWritablePrimary: true, maxWireVersion: 21 }
const replicaSetMember = { setName: 'rs0', isWritablePrimary: true, maxWireVersion: 21 }

describe('the deployment mode at start-up', () => {
  it('is the lock path when hello names no replica set and no mongos, without a probe', async () => {
    expect(await transactionsMode(standalone, neverCalled)).toBe(false)
  })

  it('is what the test database really is, from its own hello', async () => {
    const hello = await app.db.connection.getClient().db().admin().command({ hello: 1 })
    expect(await transactionsMode(hello, probe)).toBe(app.db.transactions)
  })

  it('refuses to start, rather than fall back to the lock path, when a replica set cannot run a transaction', async () => {
    // A fake hello claims a replica set; the probe is a real transaction on the test database.
    // Where that database runs no transactions (FerretDB here) the probe fails for real; on a
    // replica set it succeeds, so a failing probe stands in for a replica set without a primary.
    const failing = app.db.transactions ? async () => { throw new Error('no primary') } : probe
    const start = transactionsMode(replicaSetMember, failing)
    await expect(start).rejects.toBeInstanceOf(DeploymentModeError)
    await expect(start).rejects.toThrow(/^the database server is a member of replica set rs0 but a probe transaction failed \(.+\); refusing to start without transactions/)
  })

  it('refuses a mongos that cannot run a transaction too', async () => {
    await expect(transactionsMode({ msg: 'isdbgrid' }, async () => { throw new Error('no shard') }))
      .rejects.toThrow('the database server is a mongos but a probe transaction failed (no shard); refusing to start without transactions, which would mix the two write paths on one database')
  })
})
