// Schemas of the evidence log's answers: events, pages of them, explanations and evidence graphs.
import { Type } from 'typebox'
import type { EventType } from '../identity/model/events.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Keys = Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()) })
const Ids = Type.Array(Type.Integer())

// `satisfies` makes a new event type fail to compile until it is documented here.
const EVENT_TYPES = Object.keys({
  'contact.created': true,
  'identities.merged': true,
  'merge.approved': true,
  'links.backfilled': true,
  'merge.held': true,
  'merge.rejected': true,
  'identity.split': true,
  'link.undone': true,
  'identifier.blocked': true,
  'identifier.unblocked': true,
  'identity.erased': true
} satisfies Record<EventType, true>)

/** Dates are written as ISO 8601 strings. */
export const DateTimeSchema = Type.Unsafe<Date>({ type: 'string', format: 'date-time' })

export const EventSchema = Type.Object({
  id: Type.Integer({ description: 'Increasing, never reused: page the feed by it.' }),
  at: DateTimeSchema,
  type: Type.Unsafe<EventType>({ type: 'string', enum: EVENT_TYPES }),
  requestId: Nullable(Type.String({ description: 'The x-request-id of the request that caused it.' })),
  actor: Nullable(Type.String({ description: 'The operator, for admin actions.' })),
  contactIds: Type.Array(Type.Integer(), { description: 'Every contact the change touched.' }),
  cause: Type.Union([Keys, Type.Null()], { description: "The request's normalised email and phone." }),
  // The type's own fields.
  contactId: Type.Optional(Type.Integer()),
  linkedId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  primaryId: Type.Optional(Type.Integer()),
  mergedPrimaryIds: Type.Optional(Ids),
  join: Type.Optional(Keys),
  holdId: Type.Optional(Type.Integer()),
  joinedContactIds: Type.Optional(Ids),
  reason: Type.Optional(Type.String()),
  primaryIds: Type.Optional(Ids),
  formerPrimaryId: Type.Optional(Type.Integer()),
  undone: Type.Optional(Type.Object({
    kind: Type.String(), eventId: Type.Optional(Type.Integer()), field: Type.Optional(Type.String()), value: Type.Optional(Type.String())
  })),
  rule: Type.Optional(Type.Object({ id: Type.String(), field: Type.String(), match: Type.String(), value: Type.String() })),
  suppressed: Type.Optional(Type.Boolean({ description: 'identity.erased: whether its identifiers are suppressed.' }))
}, {
  examples: [{
    id: 7,
    at: '2026-11-30T10:00:00.000Z',
    type: 'identities.merged',
    requestId: '6c1d2b1e-4e9a-4f8e-9d0f-2b4a1f3c5d7e',
    actor: null,
    contactIds: [1, 2],
    cause: { email: 'george@hillvalley.edu', phoneNumber: '717171' },
    primaryId: 1,
    mergedPrimaryIds: [2],
    join: { email: 'george@hillvalley.edu', phoneNumber: '717171' }
  }]
})

// Query strings are not coerced (the app validates types strictly): numbers are checked as text.
export const PageQuerySchema = Type.Object({
  after: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$', description: 'Answer events with a larger id: the `next` of the previous page (default 0).', examples: ['0'] })),
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,2}|1000)$', description: 'At most this many events, 1 to 1000 (default 100).', examples: ['100'] }))
}, { additionalProperties: false })

/** The page an `after`/`limit` query asks for. */
export function pageOf (query: { after?: string, limit?: string }): { after: number, limit: number } {
  return { after: Number(query.after ?? 0), limit: Number(query.limit ?? 100) }
}

export const EventPageSchema = Type.Object({
  events: Type.Array(EventSchema),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `after` of the next page; null when this page was not full.' })
}, { examples: [{ events: [], next: null }] })

export const ViaSchema = Type.Object({
  kind: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber'), Type.Literal('request'), Type.Literal('backfilled')]),
  value: Type.Optional(Type.String({ description: 'The shared email or phone (kind email, phoneNumber).' })),
  eventId: Type.Optional(Type.Integer({ description: 'The joining event (kind request, backfilled).' })),
  requestId: Type.Optional(Nullable(Type.String())),
  at: Type.Optional(DateTimeSchema),
  email: Type.Optional(Nullable(Type.String())),
  phoneNumber: Type.Optional(Nullable(Type.String()))
})

export const ExplanationSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  steps: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), via: ViaSchema })),
  complete: Type.Boolean({ description: 'False for an identity past the size limit whose events were not all read: the chain is true, but may not be the shortest.' })
}, {
  examples: [{
    from: 1,
    to: 2,
    steps: [{
      from: 1,
      to: 2,
      via: { kind: 'request', eventId: 3, requestId: 'b3c9…', at: '2026-11-30T10:00:00.000Z', email: 'george@hillvalley.edu', phoneNumber: '717171' }
    }],
    complete: true
  }]
})

export const EvidenceGraphSchema = Type.Object({
  primaryContactId: Type.Integer(),
  contacts: Type.Array(Type.Object({
    id: Type.Integer(),
    email: Nullable(Type.String()),
    phoneNumber: Nullable(Type.String()),
    linkedId: Type.Union([Type.Integer(), Type.Null()]),
    linkPrecedence: Type.String(),
    createdAt: DateTimeSchema
  })),
  links: Type.Array(Type.Object({ via: ViaSchema, contactIds: Ids })),
  contactCount: Type.Integer({ description: 'How many contacts the identity has.' }),
  truncated: Type.Boolean({ description: 'True for an identity past IDENTITY_SIZE_LIMIT: only its oldest contacts (as many as the limit) and their first events are shown.' })
}, {
  examples: [{
    primaryContactId: 1,
    contacts: [
      { id: 1, email: 'lorraine@hillvalley.edu', phoneNumber: '123456', linkedId: null, linkPrecedence: 'primary', createdAt: '2026-11-30T10:00:00.000Z' },
      { id: 2, email: 'mcfly@hillvalley.edu', phoneNumber: '123456', linkedId: 1, linkPrecedence: 'secondary', createdAt: '2026-11-30T10:00:01.000Z' }
    ],
    links: [{ via: { kind: 'phoneNumber', value: '123456' }, contactIds: [1, 2] }],
    contactCount: 2,
    truncated: false
  }]
})
