// Mongoose schemas of the three collections: contacts, the id counter, and request locks.
import { Schema, type Connection, type InferSchemaType } from 'mongoose'

const ContactSchema = new Schema({
  // The contact id of SPEC.md: an integer from the counter, stored as the primary key.
  _id: { type: Number, required: true },
  email: { type: String, default: null },
  phoneNumber: { type: String, default: null },
  linkedId: { type: Number, default: null },
  linkPrecedence: { type: String, enum: ['primary', 'secondary'], required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  deletedAt: { type: Date, default: null },
  // Set only between the two writes of a merge; see Contact.relinkPending.
  relinkPending: { type: Boolean }
}, { collection: 'contacts', versionKey: false, id: false, autoIndex: false })

// Lookups by email and phone, and cluster reads by linkedId. Never unique: many contacts share them.
ContactSchema.index({ email: 1 })
ContactSchema.index({ phoneNumber: 1 })
ContactSchema.index({ linkedId: 1 })

// Where the next contact id is looked for; see MongoContactStore.insertContact.
const CounterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, required: true },
  // createdAt of the contact with id `seq`: the next contact is never older, even across hosts.
  at: { type: Date, required: true }
}, { collection: 'counters', versionKey: false, id: false, autoIndex: false })

const LockSchema = new Schema({
  // "email:<email>", "phone:<phone>" or "contact:<primary id>"; the document exists while held.
  _id: { type: String, required: true },
  // A random id per unit of work, so that only the holder releases it.
  owner: { type: String, required: true },
  // After this, the holder is presumed dead and another request may remove the lock.
  expiresAt: { type: Date, required: true }
}, { collection: 'locks', versionKey: false, id: false, autoIndex: false })

export type ContactDocument = InferSchemaType<typeof ContactSchema>
export type CounterDocument = InferSchemaType<typeof CounterSchema>
export type LockDocument = InferSchemaType<typeof LockSchema>

/** Registers the models on one connection (not the global one, so apps in one process stay apart). */
export function registerModels (connection: Connection) {
  return {
    Contact: connection.model('Contact', ContactSchema),
    Counter: connection.model('Counter', CounterSchema),
    Lock: connection.model('Lock', LockSchema)
  }
}

export type Models = ReturnType<typeof registerModels>
