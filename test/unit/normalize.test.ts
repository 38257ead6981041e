// Normalisation of emails and phone numbers, without a database.
import { describe, expect, it } from 'vitest'
import { normalizeEmail, normalizePhoneNumber, normalizeRequest } from '../../src/identity/rules/normalize.js'
import { ErrorCodes } from '../../src/identity/errors.js'

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Mcfly@HillValley.EDU ')).toBe('mcfly@hillvalley.edu')
  })

  it.each([null, undefined, '', '   '])('treats %j as not given', (raw) => {
    expect(normalizeEmail(raw)).toBeNull()
  })

  it.each(['no-at-sign', '@domain', 'local@', 'a@b@c', 'a b@c.d', `${'x'.repeat(250)}@c.de`])('rejects %s', (raw) => {
    expect(() => normalizeEmail(raw)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_EMAIL }))
  })

  it('accepts an address of exactly 254 characters', () => {
    const email = `${'x'.repeat(249)}@c.de`
    expect(normalizeEmail(email)).toBe(email)
  })
})

describe('normalizePhoneNumber', () => {
  it('keeps short test numbers as they are', () => {
    expect(normalizePhoneNumber('123456')).toBe('123456')
    expect(normalizePhoneNumber(123456)).toBe('123456')
  })

  it('stores valid international numbers in E.164 form', () => {
    expect(normalizePhoneNumber('+1 (415) 555-0100')).toBe('+14155550100')
    expect(normalizePhoneNumber('+44 20.7946.0958')).toBe('+442079460958')
  })

  it('reads national numbers in the default region only', () => {
    expect(normalizePhoneNumber('415-555-0100', 'US')).toBe('+14155550100')
    expect(normalizePhoneNumber('415-555-0100')).toBe('4155550100')
  })

  it.each([null, undefined, '', ' ', ' - ( ) '])('treats %j as not given', (raw) => {
    expect(normalizePhoneNumber(raw)).toBeNull()
  })

  it.each(['12a', '+', '++1', '1+2', '1'.repeat(21), -1, 1.5, Number.MAX_SAFE_INTEGER + 2])('rejects %j', (raw) => {
    expect(() => normalizePhoneNumber(raw)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_PHONE_NUMBER }))
  })
})

describe('normalizeRequest', () => {
  it('needs at least one field', () => {
    expect(() => normalizeRequest({ email: ' ', phoneNumber: null }))
      .toThrow(expect.objectContaining({ code: ErrorCodes.MISSING_CONTACT_FIELDS }))
  })

  it('normalises both fields', () => {
    expect(normalizeRequest({ email: 'A@B.C', phoneNumber: 42 })).toEqual({ email: 'a@b.c', phoneNumber: '42' })
  })
})
