// The two response shapes of an identity: this service's own, and the original task statement's.
import type { Identity } from '../identity/contact.js'
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
