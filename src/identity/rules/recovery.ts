// The event of a change whose process died after writing contacts and before recording it.
import type { Contact, ContactKeys } from '../model/contact.js'
import type { RecordedChange } from '../model/changes.js'

export type WrittenAs = 'created' | 'demoted' | 'relinked' | 'split' | 'erased'

/**
 * Reconstructs the event from what the dead change wrote (each contact with how it wrote it) and
 * from the request keys it held its locks for. Records only what the contacts show happened. (A
 * dead undo or erasure is finished instead: see planSplit, planErasure.)
 */
export function recoveredEvent (written: ReadonlyArray<{ contact: Contact, as: WrittenAs }>, cause: ContactKeys): RecordedChange | null {
  const ids = written.map(w => w.contact.id).sort((a, b) => a - b)
  const created = written.find(w => w.as === 'created')
  if (created !== undefined) {
    return { type: 'contact.created', contactId: created.contact.id, linkedId: created.contact.linkedId, contactIds: [created.contact.id], cause }
  }
  const demoted = written.filter(w => w.as === 'demoted').map(w => w.contact)
  const primaryId = demoted[0]?.linkedId
  if (primaryId !== undefined && primaryId !== null) {
    return {
      type: 'identities.merged',
      primaryId,
      mergedPrimaryIds: demoted.map(c => c.id),
      join: cause,
      contactIds: [...new Set([primaryId, ...ids])].sort((a, b) => a - b),
      cause
    }
  }
  return null
}
