// The writes of an erasure beyond the contacts: suppressions first, then the log, the holds and
// the claims; a crash between any two is finished by the repair.
import type { ClientSession } from 'mongoose'
import type { GraphWrites } from '../identity/model/changes.js'
import { ContactWrites, type Writer } from './contact-writes.js'
import { EventLog } from './event-log.js'
import { HoldDocuments } from './hold-documents.js'
import { IdentifierClaims } from './identifier-claims.js'
import type { Models } from './models.js'
import { PendingEvents } from './pending-events.js'

export class ErasureWrites {
  constructor (private readonly models: Models, private readonly writer: Writer) {}

  /**
   * Suppresses before anything goes (a request that names an identifier meanwhile is turned
   * away), takes the identifiers out of the log, its outbox, the holds and the claims, then
   * empties the contacts. Every step can run again: a repair repeats what a crash left, from what
   * the contacts still hold.
   * (The store takes them out of the log once more after the erasure's event has its number: a
   * sequencer may have been inserting events it read from the outbox before.)
   */
  async apply (erase: NonNullable<GraphWrites['erase']>): Promise<void> {
    const { session } = this.writer
    await this.suppress(erase.suppress, session)
    this.writer.assertLeaseHeld()
    await new EventLog(this.models, session).forget(erase, session)
    await new PendingEvents(this.models).forget(erase, session)
    await new HoldDocuments(this.models, session).forget(erase)
    await new IdentifierClaims(this.models, session).drop(erase)
    await new ContactWrites(this.models, this.writer).erase(erase.primaryId, erase.contactIds)
  }

  /** Inserts the keys not stored yet (an insert of one that is would abort a transaction). */
  private async suppress (keys: readonly string[], session: ClientSession | undefined): Promise<void> {
    if (keys.length === 0) return
    const stored = new Set((await this.models.Suppression.find({ _id: { $in: keys } }, { _id: 1 }, { session }).lean()).map(row => row._id))
    const missing = keys.filter(key => !stored.has(key))
    if (missing.length === 0) return
    const createdAt = new Date()
    await this.models.Suppression.insertMany(missing.map(_id => ({ _id, createdAt })), { session, ordered: false })
  }
}
