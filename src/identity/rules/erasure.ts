// Erasure as a pure decision: which identifiers of an identity go, from where, and the event that says so.
import type { Cluster } from '../model/clusters.js'
import type { Identity } from '../model/contact.js'
import type { GraphWrites, RecordedChange } from '../model/changes.js'
import type { Field } from './guardrails.js'
import type { Identifiers } from '../identity-store.js'
import { toIdentity } from './reconcile.js'

/** What an erasure does (or, in a dry run, would do) to one identity. */
export interface ErasurePlan {
  identity: Identity
  contactIds: number[]
  /** The identifiers taken out of every collection (and suppressed, when it suppresses). */
  erased: Identifiers
  writes: GraphWrites
  event: RecordedChange
}

export interface ErasureOptions {
  suppress: boolean
  /** Identifiers ("email:…", "phoneNumber:…") emptied on the contacts but left in the log: blocked values, which other identities may carry. */
  keep: ReadonlySet<string>
  /** The suppression key of an identifier (required when `suppress`). */
  keyOf?: ((field: Field, value: string) => string) | undefined
}

export const identifierName = (field: Field, value: string): string => `${field}:${value}`

/**
 * Erases the whole identity `cluster`: every contact stays, as an id whose email and phone are
 * gone; its identifiers leave the log; with `suppress`, their keys are kept instead.
 */
export function planErasure (cluster: Cluster, options: ErasureOptions): ErasurePlan {
  const identity = toIdentity(cluster.primary, cluster.contacts)
  const erased = {
    emails: identity.emails.filter(email => !options.keep.has(identifierName('email', email))),
    phoneNumbers: identity.phoneNumbers.filter(phone => !options.keep.has(identifierName('phoneNumber', phone)))
  }
  const keyOf = options.keyOf
  if (options.suppress && keyOf === undefined) throw new Error('suppression needs a key')
  const suppress = options.suppress && keyOf !== undefined
    ? [...erased.emails.map(email => keyOf('email', email)), ...erased.phoneNumbers.map(phone => keyOf('phoneNumber', phone))]
    : []
  const contactIds = cluster.contacts.map(c => c.id).sort((a, b) => a - b)
  const primaryId = cluster.primary.id
  return {
    identity,
    contactIds,
    erased,
    writes: { erase: { primaryId, contactIds, ...erased, suppress } },
    // Ids only: the event tells consumers whom to forget without telling them anything else.
    event: { type: 'identity.erased', primaryId, suppressed: options.suppress, contactIds, cause: null, unit: `erase:${primaryId}` }
  }
}
