// Who is calling: the name and scopes of the key a request carried, and the origin of the events it writes.
import type { FastifyRequest } from 'fastify'
import type { EventOrigin } from '../identity/model/events.js'
import type { Scope } from './scopes.js'

export interface Caller {
  /** The key's name: the actor of every event the request writes. */
  name: string
  scopes: ReadonlySet<Scope>
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The key's owner; null on a public route, or where keys are not required (see access-plugin.ts). */
    caller: Caller | null
  }
}

/** The origin of the events a request writes: the key's name is the actor, whatever the request claims. */
export function requestOrigin (request: FastifyRequest): EventOrigin {
  return { requestId: request.id, actor: request.caller?.name ?? null }
}
