// Calls to the service: the admin key as bearer token on every request, errors as ApiError with the service's code and message.
import { readSession } from './session.js'
import type {
  ApiErrorBody, ApproveResult, BlockRule, EraseResult, EraseTarget, EventPage, EvidenceGraph, Explanation, Field, Hold, Identity, UndoResult, UndoTarget
} from './types.js'

export class ApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
  }
}

/** An error as the operator reads it: the service's code and message. */
export function errorText (error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)
}

/** Called when the service refuses the key (401), so the page can ask for it again. */
let onUnauthorized: (error: ApiError) => void = () => {}
export function whenUnauthorized (handler: (error: ApiError) => void): void { onUnauthorized = handler }

async function call<T> (method: string, path: string, body?: unknown): Promise<T> {
  const session = readSession()
  const headers: Record<string, string> = { accept: 'application/json' }
  if (session !== null) headers.authorization = `Bearer ${session.token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const data: unknown = text === '' ? null : JSON.parse(text)
  if (!response.ok) {
    const error = data as Partial<ApiErrorBody> | null
    const failure = new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText)
    if (response.status === 401) onUnauthorized(failure)
    throw failure
  }
  return data as T
}

const q = encodeURIComponent

export const api = {
  whoami: () => call<{ name: string, scopes: string[] }>('GET', '/admin/whoami'),
  identitiesBy: (field: Field, value: string) => call<{ identities: Identity[] }>('GET', `/identities?${field}=${q(value)}`),
  identity: (id: number) => call<Identity>('GET', `/contacts/${id}`),
  evidence: (id: number) => call<EvidenceGraph>('GET', `/contacts/${id}/evidence`),
  explain: (from: number, to: number) => call<Explanation>('GET', `/contacts/${from}/explain?with=${to}`),
  // The first page with the defaults (100 events), later ones from the previous page's `next`.
  history: (id: number, after = 0) => call<EventPage>('GET', `/contacts/${id}/history${after === 0 ? '' : `?after=${after}`}`),
  // The first page (100 holds); later ones from the previous page's `next`.
  holds: (status: Hold['status'], after = 0) => call<{ holds: Hold[], next: number | null }>('GET', `/admin/holds?status=${status}${after === 0 ? '' : `&after=${after}`}`),
  approve: (id: number, dryRun: boolean) => call<ApproveResult>('POST', `/admin/holds/${id}/approve?dryRun=${dryRun}`),
  reject: (id: number) => call<{ hold: Hold }>('POST', `/admin/holds/${id}/reject`),
  blocklist: () => call<{ rules: BlockRule[] }>('GET', '/admin/blocklist'),
  block: (rule: Pick<BlockRule, 'field' | 'match' | 'value'>) => call<{ rule: BlockRule }>('POST', '/admin/blocklist', rule),
  unblock: (id: BlockRule['id']) => call<undefined>('DELETE', `/admin/blocklist/${q(String(id))}`),
  undo: (target: UndoTarget, dryRun: boolean) => call<UndoResult>('POST', `/admin/undo?dryRun=${dryRun}`, target),
  erase: (target: EraseTarget, dryRun: boolean) => call<EraseResult>('POST', `/admin/erase?dryRun=${dryRun}`, target),
  lift: (identifier: { email: string } | { phoneNumber: string }) => call<undefined>('POST', '/admin/erase/lift', identifier)
}
