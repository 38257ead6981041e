// The import's plan without a database: rows checked like /identify, the rules applied in age order, and the report.
import { describe, expect, it } from 'vitest'
import { Blocklist, BUILT_IN_RULES } from '../../src/identity/rules/guardrails.js'
import { planImport, type PlanOptions } from '../../src/import/plan.js'
import type { ReadItem, SourceRecord } from '../../src/import/source-row.js'

const options: PlanOptions = { source: 'test', blocklist: new Blocklist(BUILT_IN_RULES), limits: { identitySize: 100, genericIdentifier: 10 } }

async function * items (records: Array<SourceRecord | string>): AsyncGenerator<ReadItem> {
  let line = 1
  for (const record of records) {
    line++
    yield typeof record === 'string' ? { line, error: record } : { line, record }
  }
}

const at = (minute: number): string => new Date(Date.UTC(2023, 0, 1, 0, minute)).toISOString()
const row = (id: unknown, email: string | null, phoneNumber: string | null, minute: number, extra: SourceRecord = {}): SourceRecord =>
  ({ id, email, phoneNumber, createdAt: at(minute), ...extra })

describe('planImport', () => {
  it('rejects bad rows with their line and reason, and plans nothing for them', async () => {
    const { report, contacts, events } = await planImport(items([
      row(1, 'good@x.org', '111', 1),
      row(null, 'a@x.org', null, 2),
      row(-3, 'b@x.org', null, 3),
      { id: 4, email: 'c@x.org', createdAt: 'yesterday' },
      row(5, 'not-an-address', null, 5),
      row(6, null, 'call me', 6),
      row(7, null, '', 7),
      row(8, 'd@x.org', null, 8, { deletedAt: at(9) }),
      row(9, 'noreply@x.org', '0000000', 9),
      row(1, 'again@x.org', null, 10),
      'unreadable CSV record: Invalid Record Length'
    ]), options)
    expect(report.rows).toMatchObject({ read: 11, rejected: 10, valid: 1, created: 1 })
    expect(report.rejected.rows.map(r => [r.line, r.reason.split(/[:(]/)[0]!.trim()])).toEqual([
      [3, 'id must be a positive integer'],
      [4, 'id must be a positive integer'],
      [5, 'createdAt must be a date'],
      [6, 'INVALID_EMAIL'],
      [7, 'INVALID_PHONE_NUMBER'],
      [8, 'MISSING_CONTACT_FIELDS'],
      [9, 'deleted in the source'],
      [10, 'IDENTIFIERS_BLOCKED'],
      [12, 'unreadable CSV record'],
      [11, 'duplicate id']
    ])
    expect(contacts.map(c => c.id)).toEqual([1])
    expect(events).toHaveLength(1)
  })

  it('counts a blocked identifier as not given and keeps the rest of the row', async () => {
    const { report, contacts } = await planImport(items([row(1, 'unknown@x.org', '5551234', 1)]), options)
    expect(contacts.map(c => [c.email, c.phoneNumber])).toEqual([[null, '5551234']])
    expect(report.guardrails.blocked).toEqual([{ field: 'email', value: 'unknown@x.org', ruleId: 'builtin-placeholder-email', rows: 1 }])
  })

  it('repairs a broken source (two primaries, a chain) and reports where its links disagree', async () => {
    const { report, contacts } = await planImport(items([
      row(1, 'a@x.org', '111', 1, { linkPrecedence: 'primary', linkedId: null }),
      row(2, 'b@x.org', '111', 2, { linkPrecedence: 'secondary', linkedId: 1 }),
      row(3, 'b@x.org', '222', 3, { linkPrecedence: 'secondary', linkedId: 2 }),
      row(4, 'c@x.org', '222', 4, { linkPrecedence: 'primary', linkedId: null })
    ]), options)
    expect(contacts.map(c => [c.id, c.linkedId, c.linkPrecedence])).toEqual([[1, null, 'primary'], [2, 1, 'secondary'], [3, 1, 'secondary'], [4, 1, 'secondary']])
    expect(report.sourceLinks).toEqual({
      disagreeing: 2,
      rows: [{ id: 3, line: 4, sourceLinkedId: 2, linkedId: 1 }, { id: 4, line: 5, sourceLinkedId: null, linkedId: 1 }],
      severalPrimaries: [{ primaryId: 1, sourcePrimaryIds: [1, 4] }],
      chains: [{ id: 3, sourceLinkedId: 2, parentLinkedId: 1 }],
      dangling: []
    })
    expect(report.identities).toMatchObject({ count: 1, histogram: { '4-5': 1 } })
  })

  it('takes the oldest row as primary by createdAt, not by id, and ties by id', async () => {
    const { contacts } = await planImport(items([
      row(5, 'a@x.org', null, 2),
      row(10, 'a@x.org', '111', 1),
      row(7, null, '111', 1),
      row(6, 'z@x.org', '111', 1)
    ]), options)
    expect(contacts.map(c => [c.id, c.linkedId])).toEqual([[6, null], [10, 6]])
  })

  it('makes no contact for a row that brings nothing new, and records a join for one that links two identities', async () => {
    const { report, contacts, events } = await planImport(items([
      row(1, 'a@x.org', '111', 1),
      row(2, 'b@x.org', '222', 2),
      row(3, 'a@x.org', '111', 3),
      row(4, 'a@x.org', '222', 4)
    ]), options)
    expect(contacts.map(c => [c.id, c.linkedId, c.updatedAt.toISOString()])).toEqual([[1, null, at(1)], [2, 1, at(4)]])
    expect(report.notCreated).toEqual([{ line: 4, id: 3, outcome: 'unchanged' }, { line: 5, id: 4, outcome: 'joined' }])
    expect(events.map(e => e.kind === 'created' ? ['created', e.row.id, e.row.createdLinkedId] : [e.change.type, e.row.id])).toEqual([
      ['created', 1, null], ['created', 2, null], ['identities.merged', 4]
    ])
    const merge = events[2]!
    expect(merge.kind === 'change' && merge.change).toEqual({
      type: 'identities.merged', primaryId: 1, mergedPrimaryIds: [2], join: { email: 'a@x.org', phoneNumber: '222' }, contactIds: [1, 2], cause: { email: 'a@x.org', phoneNumber: '222' }
    })
  })

  it('holds what the guardrails hold and names the hub', async () => {
    const hubRows = Array.from({ length: 6 }, (_, i) => row(i + 1, `p${i}@x.org`, '999', i + 1))
    const { report, contacts, events, holds } = await planImport(items(hubRows), { ...options, limits: { identitySize: 100, genericIdentifier: 2 } })
    expect(contacts.map(c => c.id)).toEqual([1, 2, 3, 4])
    expect(report.guardrails.hubs).toEqual([{ field: 'phoneNumber', value: '999', heldRows: 2 }])
    // One pending hold per identity, as the service keeps them: the second held row joins the first's.
    expect(report.guardrails.held).toEqual([{ line: 6, id: 5, reason: 'generic-identifier', primaryIds: [1], rows: 2 }])
    expect(report.rows).toMatchObject({ held: 1, 'held-again': 1 })
    expect(events.filter(e => e.kind === 'change').map(e => e.kind === 'change' && e.change.type)).toEqual(['merge.held'])
    expect(holds).toEqual([{ eventIndex: 4, hub: 1, reason: 'generic-identifier', join: { email: 'p5@x.org', phoneNumber: '999' }, primaryIds: [1], count: 2, createdAt: new Date(at(5)), lastHeldAt: new Date(at(6)) }])
  })

  it('gives the same job id to the same rows, whatever their order in the source', async () => {
    const rows = [row(1, 'a@x.org', '1', 1), row(2, 'b@x.org', '2', 2)]
    const [one, two] = await Promise.all([planImport(items(rows), options), planImport(items([...rows].reverse()), options)])
    expect(one.report.jobId).toBe(two.report.jobId)
    expect((await planImport(items([rows[0]!]), options)).report.jobId).not.toBe(one.report.jobId)
  })
})
