// The isolation checker itself: it must find the order of a real serial history, and only then.
import { describe, expect, it } from 'vitest'
import { findSerialOrder, type ObservedRequest } from '../helpers/serial-order.js'
import { ReferenceModel } from '../helpers/reference-model.js'

function serialHistory (pairs: Array<[string | null, string | null]>): ObservedRequest[] {
  const model = new ReferenceModel()
  return pairs.map(([email, phoneNumber]) => ({ email, phoneNumber, response: model.identify(email, phoneNumber) }))
}

describe('findSerialOrder', () => {
  const history = serialHistory([['a', '1'], ['b', '2'], ['b', '1'], ['c', null], [null, '2'], ['c', '3'], ['a', '3']])

  it('finds an order for a shuffled serial history', () => {
    const shuffled = [...history].reverse()
    const order = findSerialOrder(shuffled)
    expect(order).not.toBeNull()
    const model = new ReferenceModel()
    for (const index of order!) {
      const request = shuffled[index]!
      expect(model.identify(request.email, request.phoneNumber)).toEqual(request.response)
    }
  })

  it('finds none when a response could not come from any serial order', () => {
    // Two requests that both claim to have created primary 1 for different emails.
    const impossible: ObservedRequest[] = [
      { email: 'a', phoneNumber: null, response: { primaryContactId: 1, emails: ['a'], phoneNumbers: [], secondaryContactIds: [] } },
      { email: 'b', phoneNumber: null, response: { primaryContactId: 1, emails: ['b'], phoneNumbers: [], secondaryContactIds: [] } }
    ]
    expect(findSerialOrder(impossible)).toBeNull()
  })
})
