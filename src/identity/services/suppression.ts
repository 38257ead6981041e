// Erased identifiers stay blocked without being kept: a keyed hash (HMAC-SHA256) of each is stored instead.
import { createHmac } from 'node:crypto'
import type { ContactKeys } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { Field, Ignored } from '../rules/guardrails.js'
import type { SuppressionStore } from '../identity-store.js'

/**
 * The suppression key of an identifier. Keyed, because emails and phones are few enough to hash
 * them all: an unkeyed hash would give them back to whoever reads the collection.
 */
export function suppressionKey (secret: string, field: Field, value: string): string {
  return createHmac('sha256', secret).update(`${field}:${value}`).digest('hex')
}

export class Suppression {
  constructor (private readonly secret: string, private readonly store: SuppressionStore) {}

  keyOf (field: Field, value: string): string {
    return suppressionKey(this.secret, field, value)
  }

  /** The keys of a request's identifiers, for the check under the guard. */
  keysOf (keys: ContactKeys): string[] {
    return (['email', 'phoneNumber'] as const).flatMap(field => keys[field] === null ? [] : [this.keyOf(field, keys[field])])
  }

  /** The keys with suppressed identifiers taken out, and what was taken out. */
  async screen (keys: ContactKeys): Promise<{ keys: ContactKeys, ignored: Ignored[] }> {
    const fields = (['email', 'phoneNumber'] as const).filter(field => keys[field] !== null)
    const suppressed = await this.store.suppressed(fields.map(field => this.keyOf(field, keys[field]!)))
    const ignored: Ignored[] = []
    const screened = { ...keys }
    for (const field of fields) {
      if (!suppressed.has(this.keyOf(field, keys[field]!))) continue
      ignored.push({ field, value: keys[field]!, reason: 'erased' })
      screened[field] = null
    }
    return { keys: screened, ignored }
  }

  /**
   * Lets `value` be stored again.
   * @throws IdentityError SUPPRESSION_NOT_FOUND
   */
  async lift (field: Field, value: string): Promise<void> {
    if (!await this.store.lift(this.keyOf(field, value))) {
      throw new IdentityError(ErrorCodes.SUPPRESSION_NOT_FOUND, `that ${field === 'email' ? 'email' : 'phone number'} is not suppressed`)
    }
  }
}
