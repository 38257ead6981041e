// Mongoose schemas of the collections: contacts, the evidence log and its outbox, request locks, leases, held merges, id counters, the blocklist, suppressions and identifier claims.
import { Schema, type Connection, type InferSchemaType } from 'mongoose'

const ContactSchema = new Schema({
  // The contact id of docs/contract.md: an increasing integer, stored as the primary key.
  _id: { type: Number, required: true },
  email: { type: String, default: null },
  phoneNumber: { type: String, default: null },
  linkedId: { type: Number, default: null },
  linkPrecedence: { type: String, enum: ['primary', 'secondary'], required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  deletedAt: { type: Date, default: null },
  // Set only between the two writes of a merge; see Contact.relinkPending.
  relinkPending: { type: Boolean },
  // The change that wrote this contact last: its fencing token (a later change's is higher, and a
  // write carrying a lower one no longer applies), its unit id and what it did, so that the event
  // of a change that crashed before recording it can be recorded by the repair.
  fence: { type: Number },
  unit: { type: String },
  change: { type: String, enum: ['created', 'demoted', 'relinked', 'split', 'erased'] }
}, { collection: 'contacts', versionKey: false, id: false, autoIndex: false })

// Lookups by email and phone, and cluster reads by linkedId. Never unique: many contacts share them.
ContactSchema.index({ email: 1 })
ContactSchema.index({ phoneNumber: 1 })
ContactSchema.index({ linkedId: 1 })
// A repair looks for what a crashed change wrote.
ContactSchema.index({ unit: 1 })

const EventSchema = new Schema({
  // Increasing, never reused; a consumer pages by it.
  _id: { type: Number, required: true },
  at: { type: Date, required: true },
  type: { type: String, required: true },
  requestId: { type: String, default: null },
  actor: { type: String, default: null },
  contactIds: { type: [Number], required: true },
  cause: { type: { _id: false, email: { type: String, default: null }, phoneNumber: { type: String, default: null } }, default: null },
  // The type's own fields (see EventChange), as the domain wrote them.
  data: { type: Schema.Types.Mixed, required: true },
  // The change that wrote it: one event per change, so a repair and a late writer cannot both record it.
  unit: { type: String, required: true }
}, { collection: 'events', versionKey: false, id: false, autoIndex: false, minimize: false })

EventSchema.index({ unit: 1 }, { unique: true })
EventSchema.index({ contactIds: 1, _id: 1 })
// Events of a type (an undo looks for earlier undos).
EventSchema.index({ type: 1, _id: 1 })

const PendingEventSchema = new Schema({
  // The unit of the change that wrote it (the event's `unit` once numbered): one per change.
  _id: { type: String, required: true },
  // When its change wrote it: the sequencer numbers pending events in this order.
  stagedAt: { type: Date, required: true },
  // The event as the log will keep it, without its number and time.
  event: { type: Schema.Types.Mixed, required: true }
}, { collection: 'pendingEvents', versionKey: false, id: false, autoIndex: false, minimize: false })
// The sequencer reads the oldest first.
PendingEventSchema.index({ stagedAt: 1, _id: 1 })
// An undo waits for the pending events of the contacts it decides on (the outbox can grow while no sequencer runs).
PendingEventSchema.index({ 'event.contactIds': 1 })

const CounterSchema = new Schema({
  // "contacts", "holds" (the highest id reserved), "events" (raised by an import); and claims
  // "<name>@<value>" that make a reserved block one process's (see IdBlocks).
  _id: { type: String, required: true },
  value: { type: Number }
}, { collection: 'counters', versionKey: false, id: false, autoIndex: false })

const HoldSchema = new Schema({
  // From the "holds" counter; named by the merge.held event that opened it. (Holds opened before
  // the counter have the id of that event.)
  _id: { type: Number, required: true },
  // The identity whose held requests it gathers while pending.
  hub: { type: Number, required: true },
  // What its decision event says; that event (unique per hold) is the truth when they disagree.
  status: { type: String, enum: ['pending', 'approved', 'rejected'], required: true },
  reason: { type: String, enum: ['identity-size', 'generic-identifier'], required: true },
  // The latest held request's evidence and the identities it would have joined.
  join: { type: { _id: false, email: { type: String, default: null }, phoneNumber: { type: String, default: null } }, required: true },
  primaryIds: { type: [Number], required: true },
  count: { type: Number, required: true },
  requestId: { type: String, default: null },
  createdAt: { type: Date, required: true },
  lastHeldAt: { type: Date, required: true },
  decidedAt: { type: Date, default: null },
  decidedBy: { type: String, default: null }
}, { collection: 'holds', versionKey: false, id: false, autoIndex: false, minimize: false })

// A held request looks for its hub's holds; operators page through them by status.
HoldSchema.index({ hub: 1, _id: 1 })
HoldSchema.index({ status: 1, _id: 1 })

const LockSchema = new Schema({
  // "email:<email>", "phone:<phone>" or "contact:<primary id>"; the document exists while held.
  _id: { type: String, required: true },
  // The unit of work holding it, so that only the holder releases it.
  owner: { type: String, required: true },
  // After this, the holder is presumed dead and another request may take the lock over.
  expiresAt: { type: Date, required: true },
  // What the holder was doing, for the repair that records its event should it have died.
  requestId: { type: String, default: null },
  actor: { type: String, default: null },
  undo: { type: Schema.Types.Mixed, default: null },
  // An erasure's intent (ErasureIntent), for the repair that finishes it should it have died.
  erase: { type: Schema.Types.Mixed, default: null }
}, { collection: 'locks', versionKey: false, id: false, autoIndex: false })

const LeaseSchema = new Schema({
  // "sequencer": the one instance that numbers events; the document exists while someone holds it.
  _id: { type: String, required: true },
  owner: { type: String, required: true },
  // Renewed by its holder; after this, another instance may take it over.
  expiresAt: { type: Date, required: true }
}, { collection: 'leases', versionKey: false, id: false, autoIndex: false })

const BlockRuleSchema = new Schema({
  _id: { type: String, required: true },
  field: { type: String, enum: ['email', 'phoneNumber'], required: true },
  match: { type: String, enum: ['exact', 'pattern'], required: true },
  // An exact value in its normalised form, or a pattern tested against normalised values.
  value: { type: String, required: true },
  createdAt: { type: Date, required: true },
  actor: { type: String, default: null }
}, { collection: 'blocklist', versionKey: false, id: false, autoIndex: false })

BlockRuleSchema.index({ field: 1, match: 1, value: 1 }, { unique: true })

const SuppressionSchema = new Schema({
  // The keyed hash of an erased identifier (see src/identity/services/suppression.ts): never the identifier.
  _id: { type: String, required: true },
  createdAt: { type: Date, required: true }
}, { collection: 'suppressions', versionKey: false, id: false, autoIndex: false })

const IdentifierClaimSchema = new Schema({
  // The field and a hash of the identifier (see src/db/identifier-claims.ts): never the identifier.
  _id: { type: String, required: true },
  claimedAt: { type: Date, required: true }
}, { collection: 'identifierClaims', versionKey: false, id: false, autoIndex: false })

export type ContactDocument = InferSchemaType<typeof ContactSchema>
export type EventDocument = InferSchemaType<typeof EventSchema>
export type LockDocument = InferSchemaType<typeof LockSchema>
export type HoldDocument = InferSchemaType<typeof HoldSchema>
export type PendingEventDocument = InferSchemaType<typeof PendingEventSchema>

/** Registers the models on one connection (not the global one, so apps in one process stay apart). */
export function registerModels (connection: Connection) {
  return {
    Contact: connection.model('Contact', ContactSchema),
    Event: connection.model('Event', EventSchema),
    Lock: connection.model('Lock', LockSchema),
    Lease: connection.model('Lease', LeaseSchema),
    Hold: connection.model('Hold', HoldSchema),
    PendingEvent: connection.model('PendingEvent', PendingEventSchema),
    Counter: connection.model('Counter', CounterSchema),
    BlockRule: connection.model('BlockRule', BlockRuleSchema),
    Suppression: connection.model('Suppression', SuppressionSchema),
    IdentifierClaim: connection.model('IdentifierClaim', IdentifierClaimSchema)
  }
}

export type Models = ReturnType<typeof registerModels>
