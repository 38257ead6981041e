// A source row checked the way /identify checks a request: normalised, screened by the blocklist, or rejected with a reason.
import type { Contact } from '../identity/model/contact.js'
import { IdentityError } from '../identity/errors.js'
import type { Blocked, Blocklist } from '../identity/rules/guardrails.js'
import { normalizeRequest, type CountryCode } from '../identity/rules/normalize.js'
import type { SourceRow } from './source-row.js'

/**
 * A row that becomes (or would become) a contact. It is a `Contact` whose `linkedId` follows the
 * rules as rows are applied in age order; `source*` keep what the source said, for the report.
 */
export interface ImportRow extends Contact {
  line: number
  /** The primary the row was linked to when it was created (its creation event says so). */
  createdLinkedId: number | null
  /** When the rules last changed it (creation, or a merge that moved it). */
  updatedAt: Date
  sourceLinkedId: number | null
  sourcePrimary: boolean
}

export type Validated =
  | { row: ImportRow, ignored: Blocked[] }
  | { reason: string }

/** A positive safe integer from a number or a string of digits (pg returns bigint columns as strings). */
function positiveInteger (value: unknown): number | null {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null
}

function date (value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const parsed = new Date(typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value)
  return Number.isNaN(parsed.getTime()) ? null : parsed
}

const given = (value: unknown): boolean => value !== null && value !== undefined && value !== ''

/**
 * Checks one source row: an id, a creation time, not deleted, and an email and phone that
 * /identify would accept (same normalisation); blocked identifiers count as not given, and a row
 * left with none is rejected, as /identify answers 422.
 */
export function validateRow (source: SourceRow, line: number, blocklist: Blocklist, region?: CountryCode): Validated {
  const id = positiveInteger(source.id)
  if (id === null) return { reason: `id must be a positive integer (got ${JSON.stringify(source.id) ?? 'nothing'})` }
  const createdAt = date(source.createdAt)
  if (createdAt === null) return { reason: 'createdAt must be a date' }
  if (given(source.deletedAt)) return { reason: 'deleted in the source (deletedAt is set)' }
  const { email, phoneNumber } = source
  if (email !== null && email !== undefined && typeof email !== 'string') return { reason: 'email must be a string' }
  if (phoneNumber !== null && phoneNumber !== undefined && typeof phoneNumber !== 'string' && typeof phoneNumber !== 'number') {
    return { reason: 'phoneNumber must be a string or a number' }
  }
  let screened
  try {
    screened = blocklist.screen(normalizeRequest({ email, phoneNumber }, region))
  } catch (error) {
    if (error instanceof IdentityError) return { reason: `${error.code}: ${error.message}` }
    throw error
  }
  if (screened.keys.email === null && screened.keys.phoneNumber === null) {
    return { reason: `IDENTIFIERS_BLOCKED: every identifier is blocked (${screened.ignored.map(i => `${i.field} by rule ${i.ruleId}`).join(', ')})` }
  }
  const sourceLinkedId = positiveInteger(source.linkedId)
  const row: ImportRow = {
    id,
    ...screened.keys,
    linkedId: null,
    linkPrecedence: 'primary',
    createdAt,
    relinkPending: false,
    line,
    createdLinkedId: null,
    updatedAt: createdAt,
    sourceLinkedId,
    sourcePrimary: typeof source.linkPrecedence === 'string' ? source.linkPrecedence.trim().toLowerCase() === 'primary' : sourceLinkedId === null
  }
  return { row, ignored: screened.ignored }
}
