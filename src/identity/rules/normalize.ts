// Turns what callers send into the one stored form of an email and a phone number.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import type { ContactKeys } from '../model/contact.js'
import { ErrorCodes, IdentityError } from '../errors.js'

export type { CountryCode }

export const MAX_EMAIL_LENGTH = 254
// Spaces, hyphens, dots and parentheses are how people write numbers, not part of them.
const PHONE_PUNCTUATION = /[\s\-.()]/g
const PHONE_SHAPE = /^\+?\d{1,20}$/

/** What a caller may send for each field: null, absent and blank all mean "not given". */
export interface IdentifyInput {
  email?: string | null
  phoneNumber?: string | number | null
}

/**
 * Trims and lower-cases an email, or returns null when it is not given.
 * @throws IdentityError INVALID_EMAIL when it does not look like an address.
 */
export function normalizeEmail (raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase() ?? ''
  if (email === '') return null
  const at = email.indexOf('@')
  const looksLikeAddress = at > 0 && at === email.lastIndexOf('@') && at < email.length - 1 &&
    !/\s/.test(email) && email.length <= MAX_EMAIL_LENGTH
  if (!looksLikeAddress) {
    throw new IdentityError(ErrorCodes.INVALID_EMAIL,
      `email must look like an address (one "@", a local part and a domain, at most ${MAX_EMAIL_LENGTH} characters)`)
  }
  return email
}

/**
 * Strips punctuation from a phone number and, when it is a valid number for libphonenumber
 * (international, or national in `defaultRegion`), returns its E.164 form; otherwise the digits
 * as given, so that short test numbers like "123456" stay as they are. Null when not given.
 * @throws IdentityError INVALID_PHONE_NUMBER when it is not an optional "+" and 1 to 20 digits.
 */
export function normalizePhoneNumber (raw: string | number | null | undefined, defaultRegion?: CountryCode): string | null {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'number' && !(Number.isSafeInteger(raw) && raw >= 0)) {
    throw new IdentityError(ErrorCodes.INVALID_PHONE_NUMBER, 'phoneNumber must be a non-negative integer or a string of digits')
  }
  const phone = String(raw).replace(PHONE_PUNCTUATION, '')
  if (phone === '') return null
  if (!PHONE_SHAPE.test(phone)) {
    throw new IdentityError(ErrorCodes.INVALID_PHONE_NUMBER,
      'phoneNumber must be an optional "+" followed by 1 to 20 digits (spaces, hyphens, dots and parentheses are ignored)')
  }
  const parsed = parsePhoneNumberFromString(phone, defaultRegion)
  return parsed?.isValid() === true ? parsed.number : phone
}

/**
 * Normalises both fields of a request.
 * @throws IdentityError MISSING_CONTACT_FIELDS when neither is given, or the errors above.
 */
export function normalizeRequest (input: IdentifyInput, defaultRegion?: CountryCode): ContactKeys {
  const keys = {
    email: normalizeEmail(input.email),
    phoneNumber: normalizePhoneNumber(input.phoneNumber, defaultRegion)
  }
  if (keys.email === null && keys.phoneNumber === null) {
    throw new IdentityError(ErrorCodes.MISSING_CONTACT_FIELDS, 'at least one of email and phoneNumber must be given')
  }
  return keys
}
