// Erasure's pure parts, without a database: what a plan takes away, and how suppression keys and screens.
import { describe, expect, it } from 'vitest'
import { assembleClusters } from '../../src/identity/model/clusters.js'
import type { Contact } from '../../src/identity/model/contact.js'
import { planErasure } from '../../src/identity/rules/erasure.js'
import { Suppression, suppressionKey } from '../../src/identity/services/suppression.js'
import type { SuppressionStore } from '../../src/identity/identity-store.js'

function contact (id: number, email: string | null, phoneNumber: string | null, linkedId: number | null = null): Contact {
  return { id, email, phoneNumber, linkedId, linkPrecedence: linkedId === null ? 'primary' : 'secondary', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)), relinkPending: false }
}

const SECRET = 'unit-test-erasure-secret-0123456789ab'
const keyOf = (field: 'email' | 'phoneNumber', value: string): string => suppressionKey(SECRET, field, value)

describe('planErasure', () => {
  const [identity] = assembleClusters([contact(1, 'a@x.io', '1'), contact(2, 'b@x.io', '1', 1), contact(3, null, '0000000', 1)])

  it('takes every identifier of the identity, suppresses them, and records ids only', () => {
    const plan = planErasure(identity!, { suppress: true, keep: new Set(), keyOf })
    expect(plan.contactIds).toEqual([1, 2, 3])
    expect(plan.erased).toEqual({ emails: ['a@x.io', 'b@x.io'], phoneNumbers: ['1', '0000000'] })
    expect(plan.writes.erase).toEqual({
      primaryId: 1,
      contactIds: [1, 2, 3],
      emails: ['a@x.io', 'b@x.io'],
      phoneNumbers: ['1', '0000000'],
      suppress: [keyOf('email', 'a@x.io'), keyOf('email', 'b@x.io'), keyOf('phoneNumber', '1'), keyOf('phoneNumber', '0000000')]
    })
    expect(plan.event).toEqual({ type: 'identity.erased', primaryId: 1, suppressed: true, contactIds: [1, 2, 3], cause: null, unit: 'erase:1' })
    expect(JSON.stringify(plan.event)).not.toMatch(/@|"1"|0000000/)
  })

  it('leaves kept (blocked) identifiers in the log and unsuppressed, and suppresses nothing when told not to', () => {
    const kept = planErasure(identity!, { suppress: true, keep: new Set(['phoneNumber:0000000']), keyOf })
    expect(kept.erased.phoneNumbers).toEqual(['1'])
    expect(kept.writes.erase?.suppress).not.toContain(keyOf('phoneNumber', '0000000'))
    const plain = planErasure(identity!, { suppress: false, keep: new Set(), keyOf: undefined })
    expect(plain.writes.erase?.suppress).toEqual([])
    expect(plain.event).toMatchObject({ suppressed: false })
  })

  it('cannot suppress without a key', () => {
    expect(() => planErasure(identity!, { suppress: true, keep: new Set(), keyOf: undefined })).toThrow()
  })
})

describe('suppression keys', () => {
  it('are keyed: another secret, or the other field, gives another key; none shows the value', () => {
    const key = suppressionKey(SECRET, 'email', 'a@x.io')
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(suppressionKey(SECRET, 'email', 'a@x.io')).toBe(key)
    expect(suppressionKey(`${SECRET}!`, 'email', 'a@x.io')).not.toBe(key)
    expect(suppressionKey(SECRET, 'phoneNumber', 'a@x.io')).not.toBe(key)
  })

  it('screen out suppressed identifiers, saying so, and lift one at a time', async () => {
    const stored = new Set([keyOf('email', 'a@x.io')])
    const store: SuppressionStore = {
      suppressed: async keys => new Set(keys.filter(key => stored.has(key))),
      lift: async key => stored.delete(key)
    }
    const suppression = new Suppression(SECRET, store)
    expect(await suppression.screen({ email: 'a@x.io', phoneNumber: '1' })).toEqual({
      keys: { email: null, phoneNumber: '1' },
      ignored: [{ field: 'email', value: 'a@x.io', reason: 'erased' }]
    })
    await suppression.lift('email', 'a@x.io')
    expect((await suppression.screen({ email: 'a@x.io', phoneNumber: null })).ignored).toEqual([])
    await expect(suppression.lift('email', 'a@x.io')).rejects.toMatchObject({ code: 'SUPPRESSION_NOT_FOUND' })
  })
})
