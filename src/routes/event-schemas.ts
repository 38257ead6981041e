// Schemas of the evidence log's answers: events, pages of them, explanations and evidence graphs.
import { Type, type TProperties, type TSchema } from 'typebox'
import type { EventType } from '../identity/model/events.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Keys = Type.Object({ email: Nullable(Type.String()), phoneNumber: Nullable(Type.String()) })
const Ids = Type.Array(Type.Integer())

/** Dates are written as ISO 8601 strings. */
export const DateTimeSchema = Type.Unsafe<Date>({ type: 'string', format: 'date-time' })

// What every event has. `$id`: the OpenAPI document names each event type's schema (components).
const common = {
  id: Type.Integer({ description: 'Increasing, never reused: the feed\'s cursor, and the key to apply an event once.' }),
  at: DateTimeSchema,
  requestId: Nullable(Type.String({ description: 'The x-request-id of the request that caused it.' })),
  actor: Nullable(Type.String({ description: 'The operator, for admin actions.' })),
  contactIds: Type.Array(Type.Integer(), { description: 'Every contact the change touched.' }),
  cause: Type.Union([Keys, Type.Null()], { description: "The request's normalised email and phone." })
}

function eventOf<T extends EventType, P extends TProperties> (type: T, name: string, description: string, fields: P) {
  return Type.Object({ ...common, type: Type.Literal(type), ...fields }, { $id: name, title: name, description })
}

const holdId = Type.Integer({ description: 'The hold, as its merge.held event names it.' })
const mergeFields = {
  primaryId: Type.Integer({ description: 'The identity that stays.' }),
  mergedPrimaryIds: Type.Array(Type.Integer(), { description: 'Identities that joined it: every contact of theirs now belongs to `primaryId`.' }),
  join: Type.Union([Keys], { description: "The request's email and phone that joined them." })
}
const holdReason = Type.Union([Type.Literal('identity-size'), Type.Literal('generic-identifier')])
const undoFields = {
  undone: Type.Union([
    Type.Object({ kind: Type.Literal('merge'), eventId: Type.Integer() }),
    Type.Object({ kind: Type.Literal('identifier'), field: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')]), value: Type.String() })
  ], { description: 'The evidence taken away: one merge event, or every link through an identifier.' }),
  formerPrimaryId: Type.Integer(),
  primaryIds: Type.Array(Type.Integer(), { description: 'The identities it left, oldest first.' }),
  parts: Type.Array(Type.Object({ primaryId: Type.Integer(), contactIds: Ids }), {
    description: 'Which contacts each identity holds afterwards (its primary included): every contact in `contactIds`, once.'
  })
}
const ruleField = Type.Object({
  id: Type.String(),
  field: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')]),
  match: Type.Union([Type.Literal('exact'), Type.Literal('pattern')]),
  value: Type.String()
})

const EVENT_SCHEMAS = {
  'contact.created': eventOf('contact.created', 'ContactCreatedEvent', 'A contact was created: a new identity (linkedId null) or a secondary of `linkedId`.', {
    contactId: Type.Integer(),
    linkedId: Type.Union([Type.Integer(), Type.Null()], { description: 'Its primary; null for a new identity.' }),
    email: Nullable(Type.String()),
    phoneNumber: Nullable(Type.String()),
    createdAt: DateTimeSchema,
    holdId: Type.Optional(Type.Integer({ description: 'Set when an operator approved the held request that created it.' }))
  }),
  'identities.merged': eventOf('identities.merged', 'IdentitiesMergedEvent', 'A request joined identities.', mergeFields),
  'merge.approved': eventOf('merge.approved', 'MergeApprovedEvent', 'An operator approved a held merge, which happened then.', { ...mergeFields, holdId }),
  'links.backfilled': eventOf('links.backfilled', 'LinksBackfilledEvent', 'Contacts older than the log that no recorded evidence joins were found in one identity.', {
    primaryId: Type.Integer(),
    joinedContactIds: Type.Array(Type.Integer(), { description: 'One contact of each part; every contact of their identities belongs to `primaryId`.' })
  }),
  'merge.held': eventOf('merge.held', 'MergeHeldEvent', 'A guardrail held a merge: nothing changed but hold `holdId`, which it opened.', {
    holdId, reason: holdReason, primaryIds: Ids, join: Keys
  }),
  'merge.rejected': eventOf('merge.rejected', 'MergeRejectedEvent', 'An operator rejected a held merge: nothing changed.', {
    holdId, primaryIds: Ids, join: Keys
  }),
  'identity.split': eventOf('identity.split', 'IdentitySplitEvent', 'An undo split an identity into `parts`.', undoFields),
  'link.undone': eventOf('link.undone', 'LinkUndoneEvent', 'An undo took evidence away, but other evidence still holds the identity together (`parts` has one part per identity, unchanged).', undoFields),
  'identifier.blocked': eventOf('identifier.blocked', 'IdentifierBlockedEvent', 'An operator blocked an identifier: nothing else changed.', { rule: ruleField }),
  'identifier.unblocked': eventOf('identifier.unblocked', 'IdentifierUnblockedEvent', 'An operator lifted a block: nothing else changed.', { rule: ruleField }),
  'identity.erased': eventOf('identity.erased', 'IdentityErasedEvent', 'An admin erased the identity of `primaryId`: every contact in `contactIds` lost its email and phone (ids only here). Erase your copies of them too.', {
    primaryId: Type.Integer({ description: 'The erased identity.' }),
    suppressed: Type.Boolean({ description: 'Whether later requests naming its identifiers ignore them.' })
  })
} satisfies Record<EventType, TSchema> // a new event type fails to compile until it is documented here

const S = EVENT_SCHEMAS
// The routes return the domain's IdentityEvent through this union: one left out fails to compile there.
/** An event: one schema per type, told apart by `type`. Consumers must ignore types they do not know. */
export const EventSchema = Type.Union([
  S['contact.created'], S['identities.merged'], S['merge.approved'], S['links.backfilled'], S['merge.held'],
  S['merge.rejected'], S['identity.split'], S['link.undone'], S['identifier.blocked'], S['identifier.unblocked'], S['identity.erased']
], {
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

/** The event types, for the feed's `types` filter. */
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[]

// Query strings are not coerced (the app validates types strictly): numbers are checked as text.
const after = Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$', description: 'Answer events with a larger id: the `next` of the previous page (default 0).', examples: ['0'] })
const limit = Type.String({ pattern: '^([1-9][0-9]{0,2}|1000)$', description: 'At most this many events, 1 to 1000 (default 100).', examples: ['100'] })

export const PageQuerySchema = Type.Object({ after: Type.Optional(after), limit: Type.Optional(limit) }, { additionalProperties: false })

/** The page an `after`/`limit` query asks for. */
export function pageOf (query: { after?: string, limit?: string }): { after: number, limit: number } {
  return { after: Number(query.after ?? 0), limit: Number(query.limit ?? 100) }
}

export const EventPageSchema = Type.Object({
  events: Type.Array(EventSchema),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `after` of the next page; null when this page was not full.' })
}, { examples: [{ events: [], next: null }] })

export const FeedQuerySchema = Type.Object({
  after: Type.Optional(Type.String({
    pattern: '^(0|[1-9][0-9]{0,14}|latest)$',
    description: 'Answer events with a larger id: the `next` of the previous answer (default 0, the first event). `latest`: only events after the newest one now.',
    examples: ['0', 'latest']
  })),
  limit: Type.Optional(limit),
  wait: Type.Optional(Type.String({
    pattern: '^([0-9]|[12][0-9]|30)$',
    description: 'Long poll: when no event is there yet, wait up to this many seconds (0 to 30, default 0) and answer as soon as one is.',
    examples: ['30']
  })),
  types: Type.Optional(Type.String({
    pattern: `^(${EVENT_TYPES.map(t => t.replaceAll('.', '\\.')).join('|')})(,(${EVENT_TYPES.map(t => t.replaceAll('.', '\\.')).join('|')}))*$`,
    description: 'Only events of these types, comma-separated.',
    examples: ['contact.created,identities.merged']
  }))
}, { additionalProperties: false })

export const FeedPageSchema = Type.Object({
  events: Type.Array(EventSchema),
  next: Type.Integer({ description: 'The cursor to continue from: pass it as `after` next time, whatever this page held (also when it is empty or partial).' })
}, { examples: [{ events: [], next: 7 }] })

/** What links two contacts, told apart by `kind`. */
export const ViaSchema = Type.Union([
  Type.Object({
    kind: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')]),
    value: Type.String({ description: 'The email or phone both carry.' })
  }),
  Type.Object({
    kind: Type.Literal('request'),
    eventId: Type.Integer({ description: 'The event of the request that joined them.' }),
    requestId: Nullable(Type.String()),
    at: DateTimeSchema,
    email: Nullable(Type.String()),
    phoneNumber: Nullable(Type.String())
  }),
  Type.Object({
    kind: Type.Literal('backfilled'),
    eventId: Type.Integer({ description: 'The links.backfilled event: the joining request was never recorded.' }),
    at: DateTimeSchema
  })
])

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
