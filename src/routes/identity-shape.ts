// The two response shapes of an identity: this service's own, and the original task statement's,
// and what /identify adds to either (ignored identifiers, a held merge).
import { Type } from 'typebox'
import type { Identity } from '../identity/model/contact.js'
import type { IdentifyResult } from '../identity/services/identity-service.js'
import type { Config } from '../config.js'
import { IdentitySchema, WrappedIdentitySchema } from './schemas.js'

export type ResponseShape = Config['RESPONSE_SHAPE']

export interface WrappedIdentity {
  contact: Omit<Identity, 'primaryContactId'> & { primaryContatctId: number }
}

export function identityResponseSchema (shape: ResponseShape): typeof IdentitySchema | typeof WrappedIdentitySchema {
  return shape === 'wrapped' ? WrappedIdentitySchema : IdentitySchema
}

export function presentIdentity (identity: Identity, shape: ResponseShape): Identity | WrappedIdentity {
  if (shape === 'flat') return identity
  const { primaryContactId, ...rest } = identity
  return { contact: { primaryContatctId: primaryContactId, ...rest } }
}

// Present only when they apply, so that callers written for the original shape can ignore them.
const guardrailFields = {
  ignored: Type.Optional(Type.Array(Type.Union([
    Type.Object({
      field: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')]),
      value: Type.String(),
      reason: Type.Literal('blocked'),
      ruleId: Type.String()
    }),
    Type.Object({
      field: Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')]),
      value: Type.String(),
      reason: Type.Literal('erased')
    })
  ]), { description: 'Identifiers treated as not given: blocked (and the rule that blocked each), or erased (suppressed until an admin lifts it).' })),
  held: Type.Optional(Type.Object({
    holdId: Type.Integer(),
    reason: Type.Union([Type.Literal('identity-size'), Type.Literal('generic-identifier')]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('rejected')])
  }, { description: 'A merge this call asked for is held for an operator (status 202); the identity is the one holding the email, else the phone.' }))
}

/** The answer of POST /identify: the identity, and what the guardrails did. */
export function identifyResponseSchema (shape: ResponseShape) {
  const base = identityResponseSchema(shape)
  return Type.Object({ ...base.properties, ...guardrailFields }, { examples: (base as { examples?: unknown[] }).examples })
}

export function presentIdentify ({ identity, ignored, held }: IdentifyResult, shape: ResponseShape) {
  return {
    ...presentIdentity(identity, shape),
    ...(ignored.length > 0 ? { ignored } : {}),
    ...(held === null ? {} : { held })
  }
}
