// Request and response schemas shared by the routes: they validate, document and serialise.
import { Type, type Static } from 'typebox'

// Two schemas for one body, on purpose. The route validates only types and keys (errors
// FST_ERR_VALIDATION); the domain then checks the values with its own codes and messages
// (MISSING_CONTACT_FIELDS, INVALID_EMAIL, INVALID_PHONE_NUMBER), which callers rely on. Put into
// the validated schema, the value rules would come out as FST_ERR_VALIDATION instead. So
// /openapi.json publishes IdentifyRequestSchema: the same types and keys plus the domain's rules
// as patterns, i.e. exactly what the service accepts (test/unit/published-schema.test.ts checks
// the two against each other on generated input).
const emailDocs = {
  description: 'Trimmed and lower-cased. null, absent, "" and blank all mean "not given".',
  examples: ['mcfly@hillvalley.edu']
}
// The original task types it as a number, so 123456 and "123456" are the same phone; the
// domain rejects negative and fractional numbers with a message that says so.
const phoneDocs = {
  description: 'Digits with an optional leading "+"; spaces, hyphens, dots and parentheses are ignored. ' +
    'Valid numbers are stored in E.164 form. A non-negative integer is accepted too.',
  examples: ['123456']
}
const bodyDocs = {
  description: 'At least one of email and phoneNumber must be given.',
  examples: [{ email: 'mcfly@hillvalley.edu', phoneNumber: '123456' }]
}

export const IdentifyBodySchema = Type.Object({
  email: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], ...emailDocs })),
  phoneNumber: Type.Optional(Type.Unsafe<string | number | null>({ type: ['string', 'number', 'null'], ...phoneDocs }))
}, { additionalProperties: false, ...bodyDocs })
export type IdentifyBody = Static<typeof IdentifyBodySchema>

// The domain's rules (src/identity/rules/normalize.ts) as patterns. Classes are spelled out rather than
// \s and \d, whose meaning differs between JavaScript (the service) and other regex engines
// (fuzzers, client generators). WS_CHARS is what String.prototype.trim() removes and /\s/ matches.
const WS_CHARS = '\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff'
const WS = `[${WS_CHARS}]`
// Whitespace, hyphens, dots and parentheses: removed from a phone number before it is checked.
const PUNCTUATION = `[${WS_CHARS}().-]`
// One "@" between a non-empty local part and domain, no whitespace inside, at most 254
// characters once trimmed. (The domain counts UTF-16 units after lower-casing, JSON Schema code
// points: they differ only for characters outside the BMP or that lower-case longer.)
const EMAIL = `^${WS}*(?=[^${WS_CHARS}]{3,254}${WS}*$)[^@${WS_CHARS}]+@[^@${WS_CHARS}]+${WS}*$`
const BLANK = `^${WS}*$`
// An optional "+" and 1 to 20 digits, punctuation anywhere.
const PHONE = `^${PUNCTUATION}*(\\+${PUNCTUATION}*)?([0-9]${PUNCTUATION}*){1,20}$`
const PHONE_BLANK = `^${PUNCTUATION}*$`

/** A given (non-blank) email and phone, as the domain accepts them, for schemas that validate them. */
export const EMAIL_PATTERN = EMAIL
export const PHONE_PATTERN = PHONE

const givenEmail = { type: 'string', pattern: EMAIL }
const givenPhone = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    { type: 'string', pattern: PHONE }
  ]
}

/** What POST /identify accepts, exactly; published in /openapi.json in place of IdentifyBodySchema. */
export const IdentifyRequestSchema = Type.Unsafe<IdentifyBody>({
  type: 'object',
  additionalProperties: false,
  properties: {
    email: {
      anyOf: [givenEmail, { type: 'string', pattern: BLANK }, { type: 'null' }],
      ...emailDocs
    },
    phoneNumber: {
      anyOf: [...givenPhone.anyOf, { type: 'string', pattern: PHONE_BLANK }, { type: 'null' }],
      ...phoneDocs
    }
  },
  // null, absent and blank all mean "not given"; at least one must be given.
  anyOf: [
    { required: ['email'], properties: { email: givenEmail } },
    { required: ['phoneNumber'], properties: { phoneNumber: givenPhone } }
  ],
  ...bodyDocs
})

/** GET /identities's query: the same two fields, as text (a query string has no numbers or nulls). */
export const IdentifiersQuerySchema = Type.Object({
  email: Type.Optional(Type.String({ ...emailDocs, examples: ['mcfly@hillvalley.edu'] })),
  phoneNumber: Type.Optional(Type.String({ ...phoneDocs, examples: ['123456'] }))
}, { additionalProperties: false, description: 'At least one of email and phoneNumber must be given.' })

/** What GET /identities accepts, exactly; published in place of IdentifiersQuerySchema. */
export const IdentifiersQueryPublishedSchema = Type.Unsafe<Static<typeof IdentifiersQuerySchema>>({
  type: 'object',
  additionalProperties: false,
  properties: {
    email: { type: 'string', anyOf: [givenEmail, { pattern: BLANK }], ...emailDocs },
    phoneNumber: { type: 'string', anyOf: [{ pattern: PHONE }, { pattern: PHONE_BLANK }], ...phoneDocs }
  },
  anyOf: [
    { required: ['email'], properties: { email: givenEmail } },
    { required: ['phoneNumber'], properties: { phoneNumber: { type: 'string', pattern: PHONE } } }
  ]
})

/** Schemas published with one that says more than the validated one (see above). */
export const publishedSchemas = new WeakMap<object, object>([
  [IdentifyBodySchema, IdentifyRequestSchema],
  [IdentifiersQuerySchema, IdentifiersQueryPublishedSchema]
])

const identityFields = {
  emails: Type.Array(Type.String(), { description: "Distinct; the primary's first, then by contact age." }),
  phoneNumbers: Type.Array(Type.String(), { description: "Distinct; the primary's first, then by contact age." }),
  secondaryContactIds: Type.Array(Type.Integer(), { description: 'Ascending.' })
}

export const IdentitySchema = Type.Object({
  primaryContactId: Type.Integer(),
  ...identityFields
}, {
  examples: [{
    primaryContactId: 1,
    emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'],
    phoneNumbers: ['123456'],
    secondaryContactIds: [2]
  }]
})

/** The original task statement's shape, its spelling included (RESPONSE_SHAPE=wrapped). */
export const WrappedIdentitySchema = Type.Object({
  contact: Type.Object({
    primaryContatctId: Type.Integer(),
    ...identityFields
  })
}, {
  examples: [{
    contact: {
      primaryContatctId: 1,
      emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'],
      phoneNumbers: ['123456'],
      secondaryContactIds: [2]
    }
  }]
})

export const ContactParamsSchema = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]*$', description: 'a positive integer', examples: ['1'] })
})

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable, machine-readable error code.' }),
  error: Type.String(),
  message: Type.String()
}, {
  examples: [{ statusCode: 400, code: 'INVALID_EMAIL', error: 'Bad Request', message: 'email must look like an address' }]
})
