// The evidence graph: components are identities, shortest chains explain them, undone evidence links no one.
import { describe, expect, it } from 'vitest'
import type { Contact } from '../../src/identity/model/contact.js'
import type { IdentityEvent } from '../../src/identity/model/events.js'
import { EvidenceGraph } from '../../src/identity/rules/evidence.js'

function contact (id: number, email: string | null, phoneNumber: string | null): Contact {
  return { id, email, phoneNumber, linkedId: null, linkPrecedence: 'primary', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)), relinkPending: false }
}

const at = new Date(Date.UTC(2026, 0, 2))
const origin = { requestId: 'req-1', actor: null, at }

function merge (id: number, email: string | null, phoneNumber: string | null): IdentityEvent {
  const join = { email, phoneNumber }
  return { ...origin, id, type: 'identities.merged', primaryId: 1, mergedPrimaryIds: [2], join, contactIds: [1, 2], cause: join }
}

function undoMerge (id: number, eventId: number): IdentityEvent {
  return { ...origin, id, type: 'identity.split', undone: { kind: 'merge', eventId }, formerPrimaryId: 1, primaryIds: [1, 2], parts: [{ primaryId: 1, contactIds: [1, 3] }, { primaryId: 2, contactIds: [2] }], contactIds: [1, 2, 3], cause: null }
}

const ids = (components: Contact[][]): number[][] => components.map(c => c.map(m => m.id))

describe('EvidenceGraph', () => {
  it('links contacts that share an email or a phone, and explains it step by step', () => {
    const graph = new EvidenceGraph([contact(1, 'a@x', '1'), contact(2, 'b@x', '1'), contact(3, 'b@x', '2'), contact(4, 'z@x', '9')], [])
    expect(ids(graph.components())).toEqual([[1, 2, 3], [4]])
    expect(graph.shortestChain(1, 3)).toEqual([
      { from: 1, to: 2, via: { kind: 'phoneNumber', value: '1' } },
      { from: 2, to: 3, via: { kind: 'email', value: 'b@x' } }
    ])
    expect(graph.shortestChain(1, 4)).toBeNull()
    expect(graph.shortestChain(2, 2)).toEqual([])
  })

  it('links the carriers of the email and the phone of a request that joined identities', () => {
    const graph = new EvidenceGraph([contact(1, 'a@x', '1'), contact(2, 'b@x', '2'), contact(3, 'c@x', '2')], [merge(10, 'a@x', '2')])
    expect(ids(graph.components())).toEqual([[1, 2, 3]])
    expect(graph.shortestChain(1, 3)).toEqual([
      { from: 1, to: 3, via: { kind: 'request', eventId: 10, requestId: 'req-1', at, email: 'a@x', phoneNumber: '2' } }
    ])
  })

  it('prefers the shortest chain', () => {
    const contacts = [contact(1, 'a@x', '1'), contact(2, 'b@x', '1'), contact(3, 'b@x', '3'), contact(4, 'd@x', '3'), contact(5, 'd@x', '5')]
    const graph = new EvidenceGraph(contacts, [merge(10, 'a@x', '5')])
    expect(graph.shortestChain(1, 5)).toHaveLength(1)
  })

  it('leaves an undone merge out', () => {
    const graph = new EvidenceGraph([contact(1, 'a@x', '1'), contact(2, 'b@x', '2')], [merge(10, 'a@x', '2'), undoMerge(11, 10)])
    expect(ids(graph.components())).toEqual([[1], [2]])
  })

  it('leaves links through an undone identifier out among the contacts the undo covered', () => {
    const contacts = [contact(1, 'a@x', '0000'), contact(2, 'b@x', '0000'), contact(3, 'c@x', '3')]
    const undone: IdentityEvent = {
      ...origin, id: 11, type: 'identity.split', undone: { kind: 'identifier', field: 'phoneNumber', value: '0000' }, formerPrimaryId: 1, primaryIds: [1, 2], parts: [{ primaryId: 1, contactIds: [1] }, { primaryId: 2, contactIds: [2] }], contactIds: [1, 2], cause: null
    }
    expect(ids(new EvidenceGraph(contacts, [undone]).components())).toEqual([[1], [2], [3]])
    // A join through it after the undo (new evidence) links the carriers again.
    expect(ids(new EvidenceGraph(contacts, [undone, merge(12, 'c@x', '0000')]).components())).toEqual([[1, 2, 3]])
  })

  it('lists each piece of evidence with the contacts it links', () => {
    const graph = new EvidenceGraph([contact(1, 'a@x', '1'), contact(2, 'b@x', '1'), contact(3, 'c@x', '3')], [merge(10, 'b@x', '3')])
    expect(graph.links()).toEqual(expect.arrayContaining([
      { via: { kind: 'phoneNumber', value: '1' }, contactIds: [1, 2] },
      { via: expect.objectContaining({ kind: 'request', eventId: 10 }), contactIds: [2, 3] }
    ]))
    expect(graph.links()).toHaveLength(2)
  })
})
