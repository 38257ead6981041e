// What the reference model makes of imported rows: the contacts it creates, under the rows' own ids.
import type { GeneratedRow, GeneratedTable } from '../../bench/import-rows.js'
import { ReferenceModel, type ModelContact } from './reference-model.js'
import type { AcceptedRequest } from './invariants.js'

/** The valid rows in age order (createdAt, ties by id): the order the import applies them in. */
export function validRowsByAge (table: GeneratedTable): GeneratedRow[] {
  return table.rows.filter(row => !table.invalidIds.has(Number(row.id)))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id))
}

/**
 * Sends the valid rows to the reference model one by one, oldest first, and names each contact
 * it creates by the id of the row that created it. Generated identifiers are already normalised.
 */
export function expectedContacts (table: GeneratedTable): { contacts: ModelContact[], accepted: AcceptedRequest[] } {
  const model = new ReferenceModel()
  const idOf = new Map<number, number>()
  const accepted: AcceptedRequest[] = []
  for (const row of validRowsByAge(table)) {
    const before = model.contacts.length
    model.identify(row.email, row.phoneNumber)
    if (model.contacts.length > before) idOf.set(model.contacts.length, Number(row.id))
    accepted.push({ email: row.email, phoneNumber: row.phoneNumber })
  }
  const contacts = model.contacts.map(c => ({ id: idOf.get(c.id)!, email: c.email, phoneNumber: c.phoneNumber, linkedId: c.linkedId === null ? null : idOf.get(c.linkedId)! }))
  return { contacts: contacts.sort((a, b) => a.id - b.id), accepted }
}
