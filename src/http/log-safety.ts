// Error log lines without contact details: emails and phones in messages, stacks and nested causes are masked.
import { stdSerializers } from 'pino'

// Free text from drivers and causes cannot be parsed, only recognised: an address (a lock's
// `email:<address>` included), a lock's `phone:<value>`, a `phoneNumber` in a duplicate-key
// message, and anything in E.164 form.
const EMAIL = /[^\s"'`<>()[\]{},;:\\]+@[^\s"'`<>()[\]{},;:\\]+/g
const PHONE_LOCK = /\bphone:[^\s"'`,;}\]]+/g
const PHONE_FIELD = /\b(phoneNumber\W{1,4})[^\s"'`,;}\]]+/g
const E164 = /\+\d{6,15}/g

/** The text with every email and phone it recognisably holds masked. */
export function maskContactDetails (text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE_LOCK, 'phone:[phone]').replace(PHONE_FIELD, '$1[phone]').replace(E164, '[phone]')
}

// Causes nest a few levels at most; the limit only guards against a pathological error.
const MAX_DEPTH = 10

// A driver error refers to one object from several places (writeErrors, result): each is masked
// once and its copy reused, which also ends cycles.
function masked (value: unknown, depth: number, copies: Map<object, unknown>): unknown {
  if (typeof value === 'string') return maskContactDetails(value)
  if (typeof value !== 'object' || value === null) return value
  if (copies.has(value)) return copies.get(value)
  if (depth > MAX_DEPTH) return '[too deep]'
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {}
  copies.set(value, copy)
  // toJSON first: what JSON.stringify (so pino) would write for it, e.g. a driver's WriteError.
  const source = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value
  if (typeof source !== 'object' || source === null) return masked(source, depth + 1, copies)
  for (const [key, item] of Object.entries(source)) (copy as Record<string, unknown>)[key] = masked(item, depth + 1, copies)
  return copy
}

/**
 * pino's serializer that keeps causes as objects (the lock in the way, the driver's error), then every string in the result masked (message, stack, causes, a
 * driver error's key values), unless the operator asked for contact details in the logs.
 */
export function errorSerializer (showContactDetails: () => boolean) {
  return (error: Error): unknown => {
    const serialized = stdSerializers.errWithCause(error)
    return showContactDetails() ? serialized : masked(serialized, 0, new Map())
  }
}
