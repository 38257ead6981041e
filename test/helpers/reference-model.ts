// A small in-memory model of the contract's rules, written straight from the text, to check the service.
import type { Identity } from '../../src/identity/model/contact.js'

export interface ModelContact {
  id: number
  email: string | null
  phoneNumber: string | null
  linkedId: number | null
}

export class ReferenceModel {
  readonly contacts: ModelContact[] = []

  identify (email: string | null, phoneNumber: string | null): Identity {
    // 1. Contacts whose email or phone equals the request's.
    const matches = this.contacts.filter(c =>
      (email !== null && c.email === email) || (phoneNumber !== null && c.phoneNumber === phoneNumber))
    // 2. None: a new primary.
    if (matches.length === 0) return this.view(this.create(email, phoneNumber, null).id)
    // 3. The oldest primary stays; other primaries and their secondaries move under it.
    const primaries = [...new Set(matches.map(c => c.linkedId ?? c.id))].sort((a, b) => a - b)
    const primary = primaries[0]!
    for (const c of this.contacts) {
      if (primaries.includes(c.id) && c.id !== primary) c.linkedId = primary
      if (c.linkedId !== null && primaries.includes(c.linkedId)) c.linkedId = primary
    }
    // 4. A secondary only for an email or phone the cluster does not have yet.
    const cluster = this.members(primary)
    if ((email !== null && !cluster.some(c => c.email === email)) ||
        (phoneNumber !== null && !cluster.some(c => c.phoneNumber === phoneNumber))) {
      this.create(email, phoneNumber, primary)
    }
    // 5. The cluster.
    return this.view(primary)
  }

  view (primary: number): Identity {
    return viewOf(this.contacts, primary)
  }

  private members (primary: number): ModelContact[] {
    return this.contacts.filter(c => c.id === primary || c.linkedId === primary)
  }

  private create (email: string | null, phoneNumber: string | null, linkedId: number | null): ModelContact {
    const contact = { id: this.contacts.length + 1, email, phoneNumber, linkedId }
    this.contacts.push(contact)
    return contact
  }
}

/** The identity of `primary` among model contacts (ids grow with age, so members are oldest first). */
export function viewOf (contacts: readonly ModelContact[], primary: number): Identity {
  const members = contacts.filter(c => c.id === primary || c.linkedId === primary)
  const distinct = (values: Array<string | null>): string[] => [...new Set(values.filter((v): v is string => v !== null))]
  return {
    primaryContactId: primary,
    emails: distinct(members.map(c => c.email)),
    phoneNumbers: distinct(members.map(c => c.phoneNumber)),
    secondaryContactIds: members.filter(c => c.id !== primary).map(c => c.id)
  }
}
