// Request and response schemas shared by the routes: they validate, document and serialise.
import { Type, type Static } from 'typebox'

export const IdentifyBodySchema = Type.Object({
  email: Type.Optional(Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'Trimmed and lower-cased. null, absent, "" and blank all mean "not given".',
    examples: ['mcfly@hillvalley.edu']
  })),
  // The original task types it as a number, so 123456 and "123456" are the same phone; the
  // domain rejects negative and fractional numbers with a message that says so.
  phoneNumber: Type.Optional(Type.Unsafe<string | number | null>({
    type: ['string', 'number', 'null'],
    description: 'Digits with an optional leading "+"; spaces, hyphens, dots and parentheses are ignored. ' +
      'Valid numbers are stored in E.164 form. A non-negative integer is accepted too.',
    examples: ['123456']
  }))
}, {
  additionalProperties: false,
  description: 'At least one of email and phoneNumber must be given.',
  examples: [{ email: 'mcfly@hillvalley.edu', phoneNumber: '123456' }]
})
export type IdentifyBody = Static<typeof IdentifyBodySchema>

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
