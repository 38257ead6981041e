// The writes of one change to contacts, in crash-safe order, each fenced against a later holder.
import type { ClientSession } from 'mongoose'
import type { Contact } from '../identity/model/contact.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { GraphWrites } from '../identity/model/changes.js'
import { toContact } from './contact-reads.js'
import type { Models } from './models.js'
import { isDuplicateKey } from './store-errors.js'

/** What a write did to a contact, stamped on it for a repair. */
type WrittenAs = 'demoted' | 'relinked' | 'split' | 'erased'

/** Who writes: the change's unit id and fencing token, and a check that its lease still holds. */
export interface Writer {
  unit: string
  fence: number
  session: ClientSession | undefined
  assertLeaseHeld (): void
}

export class ContactWrites {
  constructor (private readonly models: Models, private readonly writer: Writer) {}

  /**
   * Writes in an order where a crash between any two steps leaves a state that reads resolve and
   * the next writer repairs: demote (flagged while it has children), re-point the children, clear
   * the flag; then the new contact, with the id `newId` gives. A split goes a part at a time.
   * @throws IdentityError ID_COLLISION when the new contact's id was taken (written without the counter)
   */
  async apply (writes: GraphWrites, newId: () => Promise<number>): Promise<Contact | null> {
    const { merge, create, relink } = writes
    if (merge !== undefined) {
      for (const id of merge.demote) await this.demote(id, merge.primaryId, merge.relinkParents.includes(id))
      if (merge.relinkParents.length > 0) {
        await this.update({ linkedId: { $in: merge.relinkParents } }, { linkedId: merge.primaryId }, 'relinked')
        await this.update({ _id: { $in: merge.relinkParents } }, {}, null, { relinkPending: 1 })
      }
    }
    if (relink !== undefined && relink.length > 0) await this.split(relink)
    if (create === undefined) return null
    const id = await newId()
    this.writer.assertLeaseHeld()
    const createdAt = new Date()
    const row = {
      _id: id,
      ...create,
      linkPrecedence: create.linkedId === null ? 'primary' as const : 'secondary' as const,
      createdAt,
      updatedAt: createdAt,
      deletedAt: null,
      fence: this.writer.fence,
      unit: this.writer.unit,
      change: 'created' as const
    }
    try {
      await this.models.Contact.insertMany([row], { session: this.writer.session })
    } catch (error) {
      if (isDuplicateKey(error)) throw new IdentityError(ErrorCodes.ID_COLLISION, `contact id ${id} is taken`, { cause: error })
      throw error
    }
    return toContact(row)
  }

  /**
   * Empties the contacts of an erased identity and marks them deleted; the primary last, so that
   * until it goes the identity is still found by its id (for a repair), and links stay as they are.
   */
  async erase (primaryId: number, contactIds: readonly number[]): Promise<void> {
    const emptied = { email: null, phoneNumber: null, deletedAt: new Date() }
    const others = contactIds.filter(id => id !== primaryId)
    // A repair runs it again: what is erased already keeps the time it was erased.
    if (others.length > 0) await this.update({ _id: { $in: others }, deletedAt: null }, emptied, 'erased')
    await this.update({ _id: primaryId, deletedAt: null }, emptied, 'erased')
  }

  /** @throws IdentityError WRITE_CONFLICT when `id` is no longer a primary, or a later change wrote it. */
  private async demote (id: number, primaryId: number, hasChildren: boolean): Promise<void> {
    const matched = await this.update({ _id: id, linkedId: null },
      { linkedId: primaryId, linkPrecedence: 'secondary', ...(hasChildren ? { relinkPending: true } : {}) }, 'demoted')
    if (matched === 0) throw new IdentityError(ErrorCodes.WRITE_CONFLICT, `contact ${id} is no longer a primary, or a later change wrote it`)
  }

  /**
   * Every contact takes its new primary (null: it becomes one), a part at a time: first its
   * members point at its primary-to-be (a reader still sees them under the former primary,
   * through it), then that one becomes a primary, which splits the part off in one write. A crash
   * in between leaves parts still under the former primary, which the repair splits off.
   * (Two commands a part: FerretDB v1 stalls on one bulk update of a hundred statements.)
   */
  private async split (relink: NonNullable<GraphWrites['relink']>): Promise<void> {
    const parts = new Map<number, number[]>()
    for (const { contactId, primaryId } of relink) {
      const primary = primaryId ?? contactId
      parts.set(primary, [...(parts.get(primary) ?? []), ...(primaryId === null ? [] : [contactId])])
    }
    for (const [primaryId, members] of parts) {
      if (members.length > 0) {
        await this.update({ _id: { $in: members } }, { linkedId: primaryId, linkPrecedence: 'secondary' }, 'split', { relinkPending: 1 })
      }
      await this.update({ _id: primaryId }, { linkedId: null, linkPrecedence: 'primary' }, 'split', { relinkPending: 1 })
    }
  }

  /**
   * A fenced update: it no longer applies to a contact that a later change (higher token) wrote.
   * `change`: what it does, stamped on the contacts for a repair; null leaves the stamp alone.
   */
  private async update (filter: object, set: object, change: WrittenAs | null, unset?: object): Promise<number> {
    this.writer.assertLeaseHeld()
    const result = await this.models.Contact.updateMany(
      { ...filter, ...this.fenced() },
      { $set: { ...set, updatedAt: new Date(), ...(change === null ? {} : this.stamp(change)) }, ...(unset === undefined ? {} : { $unset: unset }) },
      { session: this.writer.session })
    return result.matchedCount
  }

  private fenced (): object {
    return { fence: { $not: { $gt: this.writer.fence } } }
  }

  private stamp (change: WrittenAs): object {
    return { fence: this.writer.fence, unit: this.writer.unit, change }
  }
}
