// The reconciliation rules and cluster assembly as pure functions, without a database.
import { describe, expect, it } from 'vitest'
import { assembleClusters, linksToLoad } from '../../src/identity/model/clusters.js'
import type { Contact } from '../../src/identity/model/contact.js'
import { outcomeOf, planIdentify, planWrites, toIdentity } from '../../src/identity/rules/reconcile.js'

function contact (id: number, email: string | null, phoneNumber: string | null, linkedId: number | null = null, extra: Partial<Contact> = {}): Contact {
  return {
    id,
    email,
    phoneNumber,
    linkedId,
    linkPrecedence: linkedId === null ? 'primary' : 'secondary',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)),
    relinkPending: false,
    ...extra
  }
}

describe('planIdentify', () => {
  it('creates a primary when nothing matches', () => {
    const plan = planIdentify({ email: 'a@x', phoneNumber: '1' }, [])
    expect(plan.create).toEqual({ email: 'a@x', phoneNumber: '1', linkedId: null })
    expect(outcomeOf(plan)).toBe('created-primary')
  })

  it('creates a secondary when the request brings a new email', () => {
    const clusters = assembleClusters([contact(1, 'lorraine@x', '123456')])
    const plan = planIdentify({ email: 'mcfly@x', phoneNumber: '123456' }, clusters)
    expect(plan.create).toEqual({ email: 'mcfly@x', phoneNumber: '123456', linkedId: 1 })
    expect(outcomeOf(plan)).toBe('created-secondary')
  })

  it('writes nothing for a lookup or for two fields already in the cluster', () => {
    const clusters = assembleClusters([contact(1, 'lorraine@x', '123456'), contact(2, 'mcfly@x', '123456', 1)])
    for (const keys of [{ email: null, phoneNumber: '123456' }, { email: 'mcfly@x', phoneNumber: null }, { email: 'mcfly@x', phoneNumber: '123456' }]) {
      const plan = planIdentify(keys, clusters)
      expect(planWrites(plan)).toBe(false)
      expect(outcomeOf(plan)).toBe('unchanged')
    }
  })

  it('merges two clusters under the oldest primary and creates no contact', () => {
    const clusters = assembleClusters([
      contact(1, 'george@x', '919191'), contact(2, 'biff@x', '717171'), contact(3, 'biff2@x', '717171', 2)
    ])
    const plan = planIdentify({ email: 'george@x', phoneNumber: '717171' }, clusters)
    expect(plan.primary?.id).toBe(1)
    expect(plan.demote.map(c => c.id)).toEqual([2])
    // 2 has a secondary (3) to re-point.
    expect(plan.relink).toEqual([2])
    expect(plan.create).toBeNull()
    expect(outcomeOf(plan)).toBe('merged')
  })

  it('demotes a primary without secondaries in one write: nothing to re-point', () => {
    const clusters = assembleClusters([contact(1, 'a@x', null), contact(2, null, '5')])
    const plan = planIdentify({ email: 'a@x', phoneNumber: '5' }, clusters)
    expect(plan.demote.map(c => c.id)).toEqual([2])
    expect(plan.relink).toEqual([])
    expect(outcomeOf(plan)).toBe('merged')
  })

  it('picks the older primary by createdAt, not by id', () => {
    const older = contact(9, 'a@x', null, null, { createdAt: new Date(Date.UTC(2020, 0, 1)) })
    const clusters = assembleClusters([contact(1, null, '5'), older])
    expect(planIdentify({ email: 'a@x', phoneNumber: '5' }, clusters).primary?.id).toBe(9)
  })

  it('repairs a merge that stopped half way', () => {
    // 2 was demoted under 1 but its secondary 3 still points at it.
    const clusters = assembleClusters([
      contact(1, 'a@x', null), contact(2, 'b@x', null, 1, { relinkPending: true }), contact(3, 'c@x', null, 2)
    ])
    expect(clusters).toHaveLength(1)
    expect(clusters[0]?.staleParents).toEqual([2])
    const plan = planIdentify({ email: 'c@x', phoneNumber: null }, clusters)
    expect(plan.relink).toEqual([2])
    expect(outcomeOf(plan)).toBe('repaired')
  })
})

describe('assembleClusters and linksToLoad', () => {
  it('asks for the primary and its children of a secondary in one round', () => {
    const known = new Map([[5, contact(5, 'e@x', null, 1)]])
    expect(linksToLoad(known, new Set())).toEqual({ ids: [1], childrenOf: [1] })
  })

  it('follows a chain left by an unfinished merge and then stops', () => {
    const all = [contact(1, 'a@x', null), contact(2, 'b@x', null, 1, { relinkPending: true }), contact(3, 'c@x', null, 2)]
    const known = new Map(all.map(c => [c.id, c]))
    expect(linksToLoad(known, new Set([1, 2]))).toEqual({ ids: [], childrenOf: [] })
    expect(linksToLoad(known, new Set([2]))).toEqual({ ids: [], childrenOf: [1] })
  })

  it('refuses links that do not reach a primary', () => {
    expect(() => assembleClusters([contact(3, 'c@x', null, 2)])).toThrow(/does not resolve/)
  })
})

describe('toIdentity', () => {
  it('lists the primary first, then by age, distinct, without nulls', () => {
    const primary = contact(1, 'lorraine@x', '123456')
    const identity = toIdentity(primary, [contact(4, null, '999', 1), contact(2, 'mcfly@x', '123456', 1), primary])
    expect(identity).toEqual({
      primaryContactId: 1,
      emails: ['lorraine@x', 'mcfly@x'],
      phoneNumbers: ['123456', '999'],
      secondaryContactIds: [2, 4]
    })
  })
})
