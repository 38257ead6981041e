// Identifier claims: a change claims its request's email and phone, under its guard, before it
// writes a contact that carries them. A change that found no contact for them before its guard,
// and then claims them all new, knows that none was written since: no need to read contacts again.
import { createHash } from 'node:crypto'
import type { ClientSession } from 'mongoose'
import type { ContactKeys } from '../identity/model/contact.js'
import type { Identifiers } from '../identity/identity-store.js'
import type { Models } from './models.js'

/**
 * The claim's `_id`: the field and a SHA-256 of the value, so that no claim keeps an identifier in
 * the clear (one left by a change that then wrote nothing included). A hash of a phone number can
 * still be found by trying them all: an erasure drops the claims of what it erased. A string `_id`
 * is the one filter that every server we run on looks up without a scan.
 */
export function claimId (field: 'email' | 'phone', value: string): string {
  return `${field}:${createHash('sha256').update(value).digest('base64url')}`
}

function claimIds (keys: ContactKeys): string[] {
  return [
    ...(keys.email === null ? [] : [claimId('email', keys.email)]),
    ...(keys.phoneNumber === null ? [] : [claimId('phone', keys.phoneNumber)])
  ]
}

export class IdentifierClaims {
  constructor (private readonly models: Models, private readonly session: ClientSession | undefined) {}

  /**
   * Makes sure that `keys` are claimed, in one command. Upserts, not inserts: a duplicate key
   * would abort a transaction, and an upsert that finds its claim says so instead.
   * @returns whether every one of them was new (no claim existed, so no contact carried it)
   */
  async claim (keys: ContactKeys): Promise<boolean> {
    const ids = claimIds(keys)
    if (ids.length === 0) return false
    const claimedAt = new Date()
    const result = await this.models.IdentifierClaim.bulkWrite(
      ids.map(_id => ({ updateOne: { filter: { _id }, update: { $setOnInsert: { claimedAt } }, upsert: true } })),
      { ordered: false, session: this.session })
    return result.upsertedCount === ids.length
  }

  /**
   * Drops the claims of identifiers an erasure took away. A contact that keeps one (a blocked
   * value) was written before any later request reads, so that request still finds it.
   */
  async drop (identifiers: Identifiers): Promise<void> {
    const ids = [...identifiers.emails.map(value => claimId('email', value)), ...identifiers.phoneNumbers.map(value => claimId('phone', value))]
    // One by one: a string `_id` is looked up, an `$in` scans the collection (FerretDB).
    for (const _id of ids) await this.models.IdentifierClaim.deleteOne({ _id }, { session: this.session })
  }
}
