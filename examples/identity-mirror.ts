// A local copy of the service's identities, kept up to date by applying feed events: no call back to the service.
import type { Identity, IdentityEvent } from '../client/src/index.js'

interface MirroredContact { email: string | null, phoneNumber: string | null, createdAt: string, primaryId: number }

/** What the consumer keeps between runs: the mirror and the cursor, saved together. */
export interface MirrorState {
  /** The `next` to continue the feed from: every event up to it is applied. */
  cursor: number
  /** How many events were applied (a test checks that none was applied twice). */
  applied: number
  contacts: Record<string, MirroredContact>
}

export function emptyMirror (): MirrorState {
  return { cursor: 0, applied: 0, contacts: {} }
}

/**
 * Applies one event, from its own fields alone. Types it does not know, and those that change no
 * identity (holds, blocks), are ignored; an erasure removes the erased contacts. An event at or
 * below the cursor was applied already.
 */
export function applyEvent (state: MirrorState, event: IdentityEvent): void {
  if (event.id <= state.cursor) return
  const moveIdentities = (from: readonly number[], to: number): void => {
    for (const contact of Object.values(state.contacts)) {
      if (from.includes(contact.primaryId)) contact.primaryId = to
    }
  }
  switch (event.type) {
    case 'contact.created':
      state.contacts[event.contactId] = { email: event.email, phoneNumber: event.phoneNumber, createdAt: event.createdAt, primaryId: event.linkedId ?? event.contactId }
      break
    case 'identities.merged':
    case 'merge.approved':
      moveIdentities(event.mergedPrimaryIds, event.primaryId)
      break
    case 'links.backfilled':
      moveIdentities(event.joinedContactIds.map(id => state.contacts[id]?.primaryId ?? id), event.primaryId)
      break
    case 'identity.split':
    case 'link.undone':
      for (const part of event.parts) {
        for (const id of part.contactIds) {
          const contact = state.contacts[id]
          if (contact !== undefined) contact.primaryId = part.primaryId
        }
      }
      break
    case 'identity.erased':
      // The person asked to be forgotten: so does every copy.
      for (const id of event.contactIds) Reflect.deleteProperty(state.contacts, String(id))
      break
  }
  state.applied++
}

/** The identities of the mirror, in the service's shape, by primary id. */
export function identitiesOf (state: MirrorState): Map<number, Identity> {
  const members = new Map<number, Array<MirroredContact & { id: number }>>()
  for (const [id, contact] of Object.entries(state.contacts)) {
    members.set(contact.primaryId, [...(members.get(contact.primaryId) ?? []), { ...contact, id: Number(id) }])
  }
  const identities = new Map<number, Identity>()
  for (const [primaryId, contacts] of members) {
    // As the service orders them: the primary first, then by age (creation time, then id).
    contacts.sort((a, b) => Number(b.id === primaryId) - Number(a.id === primaryId) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id)
    const distinct = (values: Array<string | null>): string[] => [...new Set(values.filter((v): v is string => v !== null))]
    identities.set(primaryId, {
      primaryContactId: primaryId,
      emails: distinct(contacts.map(c => c.email)),
      phoneNumbers: distinct(contacts.map(c => c.phoneNumber)),
      secondaryContactIds: contacts.filter(c => c.id !== primaryId).map(c => c.id).sort((a, b) => a - b)
    })
  }
  return identities
}
