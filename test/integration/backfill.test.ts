// The backfill of the evidence log for contacts written before it: what can be known, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { backfillEvents } from '../../src/db/backfill-events.js'
import { checkEventLog, readEvents } from '../helpers/event-log.js'
import { buildTestApp, identify, settle } from '../helpers/test-app.js'

let app: App
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

describe('npm run db:backfill-events', () => {
  it('records creations and unrecorded joins, explains the identities, and records nothing new the second time', async () => {
    // Contacts as an older version left them: the same data, no events.
    await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '919191' })
    await identify(app, { email: 'biffsucks@hillvalley.edu', phoneNumber: '717171' })
    await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' }) // the join
    await identify(app, { email: 'marty@hillvalley.edu', phoneNumber: '919191' }) // shares george's phone
    await settle(app)
    await app.db.models.Event.deleteMany({})

    const report = await backfillEvents(app.db.models, 0)
    expect(report).toEqual({ creations: 3, unrecordedJoins: [{ primaryId: 1, joinedContactIds: [1, 2] }] })
    expect(await checkEventLog(app)).toEqual([])
    const explained = (await app.inject({ method: 'GET', url: '/contacts/3/explain?with=2' })).json()
    expect(explained.steps.map((s: { via: { kind: string } }) => s.via.kind)).toEqual(['phoneNumber', 'backfilled'])

    const events = await readEvents(app)
    expect(await backfillEvents(app.db.models, 0)).toEqual({ creations: 0, unrecordedJoins: [] })
    expect(await readEvents(app)).toEqual(events)
  })
})
