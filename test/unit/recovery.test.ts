// A change as a value: the event a creation records, and the repair plan for a dead holder, without a database.
import { describe, expect, it } from 'vitest'
import { recordedEvent } from '../../src/identity/model/changes.js'
import { assembleClusters } from '../../src/identity/model/clusters.js'
import type { Contact } from '../../src/identity/model/contact.js'
import type { IdentityEvent } from '../../src/identity/model/events.js'
import { planRepair, repairReads, type DeadChange } from '../../src/identity/rules/recovery.js'

function contact (id: number, email: string | null, linkedId: number | null = null): Contact {
  return { id, email, phoneNumber: null, linkedId, linkPrecedence: linkedId === null ? 'primary' : 'secondary', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)), relinkPending: false }
}

const cause = { email: 'a@x', phoneNumber: '1' }

describe('recordedEvent', () => {
  it('carries the created contact in a creation event, and leaves other events as they are', () => {
    const created = contact(7, 'a@x', 3)
    expect(recordedEvent({ type: 'contact.created', linkedId: 3, cause }, created))
      .toEqual({ type: 'contact.created', linkedId: 3, cause, contactId: 7, contactIds: [7], email: 'a@x', phoneNumber: created.phoneNumber, createdAt: created.createdAt })
    const merged = { type: 'identities.merged' as const, primaryId: 1, mergedPrimaryIds: [2], join: cause, contactIds: [1, 2], cause }
    expect(recordedEvent(merged, null)).toBe(merged)
  })

  it('refuses a creation event without a created contact', () => {
    expect(() => recordedEvent({ type: 'contact.created', linkedId: null, cause }, null)).toThrow()
  })
})

describe('planRepair', () => {
  const dead = (written: DeadChange['written'], extra: Partial<DeadChange> = {}): DeadChange => ({ cause, primaryIds: [1, 2], undo: null, erase: null, written, ...extra })

  it('records the creation a dead change wrote, reading nothing', () => {
    const created = contact(5, 'a@x', 1)
    const change = dead([{ contact: created, as: 'created' }])
    expect(repairReads(change)).toEqual([])
    expect(planRepair(change, [], [])).toEqual({
      writes: {},
      event: { type: 'contact.created', contactId: 5, linkedId: 1, email: 'a@x', phoneNumber: created.phoneNumber, createdAt: created.createdAt, contactIds: [5], cause }
    })
  })

  it('records the merge a dead change started, with every contact it wrote', () => {
    const change = dead([{ contact: contact(2, 'b@x', 1), as: 'demoted' }, { contact: contact(3, 'c@x', 1), as: 'relinked' }])
    expect(planRepair(change, [], [])?.event).toEqual({ type: 'identities.merged', primaryId: 1, mergedPrimaryIds: [2], join: cause, contactIds: [1, 2, 3], cause })
  })

  it('does nothing for a change that wrote nothing', () => {
    expect(planRepair(dead([]), [], [])).toBeNull()
  })

  it('finishes a dead undo: reads what it started from and what it moved, and splits the rest off', () => {
    const change = dead([{ contact: contact(2, 'b@x', 1), as: 'split' }], { primaryIds: [1], undo: { kind: 'merge', eventId: 3 } })
    expect(repairReads(change)).toEqual([1, 2])
    const clusters = assembleClusters([contact(1, 'a@x'), contact(2, 'b@x', 1)])
    const at = new Date()
    const events = [
      { id: 1, at, type: 'contact.created', contactId: 1, linkedId: null, contactIds: [1], cause: { email: 'a@x', phoneNumber: null }, requestId: null, actor: null },
      { id: 2, at, type: 'contact.created', contactId: 2, linkedId: null, contactIds: [2], cause: { email: 'b@x', phoneNumber: null }, requestId: null, actor: null },
      { id: 3, at, type: 'identities.merged', primaryId: 1, mergedPrimaryIds: [2], join: { email: 'a@x', phoneNumber: null }, contactIds: [1, 2], cause: null, requestId: null, actor: null }
    ] as IdentityEvent[]
    const repair = planRepair(change, clusters, events)
    expect(repair?.writes.relink).toEqual([{ contactId: 1, primaryId: null }, { contactId: 2, primaryId: null }])
    expect(repair?.event).toMatchObject({ type: 'identity.split', undone: { kind: 'merge', eventId: 3 }, formerPrimaryId: 1, primaryIds: [1, 2] })
  })

  it('finishes a dead erasure from what its identity still holds, whatever it wrote', () => {
    const erasing = dead([], { primaryIds: [1], erase: { suppress: true, keep: [] } })
    expect(repairReads(erasing)).toEqual([1])
    // Its secondaries were emptied before it died; the primary (emptied last) still holds a@x.
    const clusters = assembleClusters([contact(1, 'a@x'), contact(2, null, 1)])
    const keyOf = (field: string, value: string): string => `key(${field}:${value})`
    const repair = planRepair(erasing, clusters, [], keyOf)
    expect(repair?.writes.erase).toEqual({ primaryId: 1, contactIds: [1, 2], emails: ['a@x'], phoneNumbers: [], suppress: ['key(email:a@x)'] })
    expect(repair?.event).toEqual({ type: 'identity.erased', primaryId: 1, suppressed: true, contactIds: [1, 2], cause: null, unit: 'erase:1' })
    // Without the secret it finishes unsuppressed, and says so.
    expect(planRepair(erasing, clusters, [])?.event).toMatchObject({ suppressed: false })
  })
})
