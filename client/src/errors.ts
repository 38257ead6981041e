// The service's errors as one typed exception: its HTTP status, stable code and message.
import type { paths } from './openapi.js'

/** The service's error body: `{ statusCode, code, error, message }`, `code` stable. */
export type ErrorBody = paths['/contacts/{id}']['get']['responses'][404]['content']['application/json']

export class IdentityApiError extends Error {
  readonly status: number
  /** The stable code (CONTACT_NOT_FOUND, INVALID_EMAIL, DATABASE_UNAVAILABLE, ...); HTTP_<status> when the body had none. */
  readonly code: string
  /** The call's x-request-id, as the service echoed it: quote it when asking about a failure. */
  readonly requestId: string | null
  readonly body: ErrorBody | undefined

  constructor (response: Response, body: ErrorBody | undefined) {
    const code = typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`
    super(`${code}: ${typeof body?.message === 'string' ? body.message : response.statusText}`)
    this.name = 'IdentityApiError'
    this.status = response.status
    this.code = code
    this.requestId = response.headers.get('x-request-id')
    this.body = body
  }
}
