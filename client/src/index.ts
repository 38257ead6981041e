// A typed client for the identity service: openapi-fetch over the generated types, with a key, request ids and retries of 503s.
import createClient, { type Client } from 'openapi-fetch'
import type { components, paths } from './openapi.js'
import { IdentityApiError, type ErrorBody } from './errors.js'
import { retrying, type RetryOptions } from './retries.js'

export type { components, paths } from './openapi.js'
export { IdentityApiError, type ErrorBody } from './errors.js'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** What POST /identify takes: an email, a phone number, or both. */
export type IdentifyRequest = paths['/identify']['post']['requestBody']['content']['application/json']
/** An identity, as /identify, /contacts/:id and /identities answer it (the default, flat shape). */
export type Identity = JsonOf<paths['/contacts/{id}']['get']['responses'][200]>
/** An identity with what the call ignored (blocked identifiers) and, on a 202, the merge it held. */
export type IdentifyAnswer = Exclude<JsonOf<paths['/identify']['post']['responses'][200]>, { dryRun: true }>
/** What a call would do, from POST /identify?dryRun=true. */
export type IdentifyPreview = Extract<JsonOf<paths['/identify']['post']['responses'][200]>, { dryRun: true }>
export type FeedPage = JsonOf<paths['/events']['get']['responses'][200]>
/** One event of the feed; `type` tells which. Newer services may send types this client does not know. */
export type IdentityEvent = FeedPage['events'][number]
export type EventType = IdentityEvent['type']
export type EventOf<T extends EventType> = Extract<IdentityEvent, { type: T }>
export type EventPage = JsonOf<paths['/contacts/{id}/history']['get']['responses'][200]>
export type Explanation = JsonOf<paths['/contacts/{id}/explain']['get']['responses'][200]>
export type EvidenceGraph = JsonOf<paths['/contacts/{id}/evidence']['get']['responses'][200]>
export type Schemas = components['schemas']

export interface ClientOptions extends Partial<RetryOptions> {
  /** Where the service is, e.g. http://identity.internal:3000 */
  baseUrl: string
  /** A key of the service, sent as `Authorization: Bearer <key>` on every call. */
  key?: string | undefined
  /** Makes the `x-request-id` of a call that names none (a random UUID by default); retries keep it. */
  requestId?: () => string
  /** The fetch to call through (the global one by default). */
  fetch?: (request: Request) => Promise<Response>
}

export interface CallOptions {
  /** This call's `x-request-id`: the service logs it and records it on the events the call causes. */
  requestId?: string
  signal?: AbortSignal
}

export interface FeedQuery {
  /** The `next` of the previous answer; `latest` to start from now. Default 0: from the first event. */
  after?: number | 'latest'
  /** At most this many events (1 to 1000, default 100). */
  limit?: number
  /** Seconds to wait for an event when there is none yet (0 to 30). */
  wait?: number
  /** Only these types. */
  types?: readonly EventType[]
}

/** The service's calls, typed; `api` reaches every other route (admin ones included) with the same options. */
export class IdentityClient {
  readonly api: Client<paths>

  constructor (options: ClientOptions) {
    const makeId = options.requestId ?? (() => crypto.randomUUID())
    this.api = createClient<paths>({
      baseUrl: options.baseUrl,
      headers: options.key === undefined ? {} : { authorization: `Bearer ${options.key}` },
      fetch: retrying(options.fetch ?? (async request => await fetch(request)), {
        retries: options.retries ?? 3,
        maxDelayMs: options.maxDelayMs ?? 30_000
      })
    })
    this.api.use({
      onRequest ({ request }) {
        if (!request.headers.has('x-request-id')) request.headers.set('x-request-id', makeId())
        return request
      }
    })
  }

  /** Links the email and phone into one identity and answers it; `held` is set when a guardrail held a merge (202). */
  async identify (body: IdentifyRequest, call: CallOptions = {}): Promise<IdentifyAnswer> {
    const answer = await unwrap(this.api.POST('/identify', { body, ...init(call) }))
    return answer as IdentifyAnswer
  }

  /** What `identify` would do now, writing nothing. */
  async previewIdentify (body: IdentifyRequest, call: CallOptions = {}): Promise<IdentifyPreview> {
    const answer = await unwrap(this.api.POST('/identify', { body, params: { query: { dryRun: 'true' } }, ...init(call) }))
    return answer as IdentifyPreview
  }

  /** The identity of contact `id` (404 CONTACT_NOT_FOUND when there is none). */
  async contact (id: number, call: CallOptions = {}): Promise<Identity> {
    return await unwrap(this.api.GET('/contacts/{id}', { params: { path: { id: String(id) } }, ...init(call) }))
  }

  /** The identities (0, 1 or 2) that hold this email or phone; writes nothing. */
  async identities (query: { email?: string, phoneNumber?: string }, call: CallOptions = {}): Promise<Identity[]> {
    return (await unwrap(this.api.GET('/identities', { params: { query }, ...init(call) }))).identities
  }

  /** A page of the feed; continue with `after: page.next`. */
  async events (query: FeedQuery = {}, call: CallOptions = {}): Promise<FeedPage> {
    const { after, limit, wait, types } = query
    return await unwrap(this.api.GET('/events', {
      params: {
        query: {
          ...(after === undefined ? {} : { after: String(after) }),
          ...(limit === undefined ? {} : { limit: String(limit) }),
          ...(wait === undefined ? {} : { wait: String(wait) }),
          ...(types === undefined ? {} : { types: types.join(',') })
        }
      },
      ...init(call)
    }))
  }

  /** The events of contact `id`'s identity, oldest first; `next` is null on the last page. */
  async history (id: number, page: { after?: number, limit?: number } = {}, call: CallOptions = {}): Promise<EventPage> {
    const query = { ...(page.after === undefined ? {} : { after: String(page.after) }), ...(page.limit === undefined ? {} : { limit: String(page.limit) }) }
    return await unwrap(this.api.GET('/contacts/{id}/history', { params: { path: { id: String(id) }, query }, ...init(call) }))
  }

  /** The shortest chain of evidence from contact `id` to contact `otherId` (404 NOT_LINKED when apart). */
  async explain (id: number, otherId: number, call: CallOptions = {}): Promise<Explanation> {
    return await unwrap(this.api.GET('/contacts/{id}/explain', { params: { path: { id: String(id) }, query: { with: String(otherId) } }, ...init(call) }))
  }

  /** Contact `id`'s identity as a graph of its evidence. */
  async evidence (id: number, call: CallOptions = {}): Promise<EvidenceGraph> {
    return await unwrap(this.api.GET('/contacts/{id}/evidence', { params: { path: { id: String(id) } }, ...init(call) }))
  }
}

/** A client of the service at `options.baseUrl`. */
export function createIdentityClient (options: ClientOptions): IdentityClient {
  return new IdentityClient(options)
}

function init (call: CallOptions) {
  return {
    ...(call.requestId === undefined ? {} : { headers: { 'x-request-id': call.requestId } }),
    ...(call.signal === undefined ? {} : { signal: call.signal })
  }
}

/** The answer's body, or the service's error as an IdentityApiError. */
async function unwrap<T> (call: Promise<{ data?: T, error?: unknown, response: Response }>): Promise<T> {
  const { data, error, response } = await call
  if (response.ok && data !== undefined) return data
  throw new IdentityApiError(response, error as ErrorBody | undefined)
}
