// Looks for a serial order of requests that explains every response: the isolation check.
import type { Identity } from '../../src/identity/model/contact.js'
import { ReferenceModel, type ModelContact } from './reference-model.js'

export interface ObservedRequest {
  email: string | null
  phoneNumber: string | null
  response: Identity
}

function cloneModel (model: ReferenceModel): ReferenceModel {
  const copy = new ReferenceModel()
  copy.contacts.push(...model.contacts.map((c: ModelContact) => ({ ...c })))
  return copy
}

/**
 * Depth-first search for an order in which running the requests one at a time through the
 * reference model gives exactly the observed responses (ids included). Returns the order's
 * indexes, or null when none exists within `budget` steps.
 */
export function findSerialOrder (requests: readonly ObservedRequest[], budget = 200_000): number[] | null {
  let steps = 0
  const order: number[] = []
  const used = new Set<number>()
  const search = (model: ReferenceModel): boolean => {
    if (order.length === requests.length) return true
    for (let i = 0; i < requests.length; i++) {
      if (used.has(i) || ++steps > budget) continue
      const request = requests[i]!
      const next = cloneModel(model)
      const answer = next.identify(request.email, request.phoneNumber)
      if (JSON.stringify(answer) !== JSON.stringify(request.response)) continue
      used.add(i)
      order.push(i)
      if (search(next)) return true
      used.delete(i)
      order.pop()
    }
    return false
  }
  return search(new ReferenceModel()) ? [...order] : null
}
