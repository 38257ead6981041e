// The client's 503 retries against a tiny server that answers 503s as told: Retry-After honoured, bounded, then given up.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createIdentityClient, IdentityApiError } from '../../client/src/index.js'
import { retryDelayMs } from '../../client/src/retries.js'

const identity = { primaryContactId: 1, emails: ['doc@hillvalley.edu'], phoneNumbers: [], secondaryContactIds: [] }
const unavailable = { statusCode: 503, code: 'DATABASE_UNAVAILABLE', error: 'Service Unavailable', message: 'the database cannot be reached' }

let server: Server | undefined
afterEach(async () => { await new Promise(resolve => server?.close(resolve)) })

/** Answers the first `failures` requests 503 with `retryAfter`, then the identity; records what came. */
async function flakyService (failures: number, retryAfter: string | null) {
  const seen: Array<{ at: number, requestId: string | undefined, body: string }> = []
  server = createServer((request, response) => {
    let body = ''
    request.on('data', chunk => { body += String(chunk) })
    request.on('end', () => {
      seen.push({ at: performance.now(), requestId: request.headers['x-request-id'] as string | undefined, body })
      const failing = seen.length <= failures
      response.writeHead(failing ? 503 : 200, { 'content-type': 'application/json', ...(failing && retryAfter !== null ? { 'retry-after': retryAfter } : {}) })
      response.end(JSON.stringify(failing ? unavailable : identity))
    })
  })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen }
}

describe('retries of 503', () => {
  it('sends the request again after Retry-After seconds, body and request id the same', async () => {
    const { baseUrl, seen } = await flakyService(1, '1')
    const client = createIdentityClient({ baseUrl })
    expect(await client.identify({ email: 'doc@hillvalley.edu' })).toEqual(identity)
    expect(seen).toHaveLength(2)
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950)
    expect(seen[1]!.body).toBe(seen[0]!.body)
    expect(seen[0]!.requestId).toBeDefined()
    expect(seen[1]!.requestId).toBe(seen[0]!.requestId)
  })

  it('waits no longer than maxDelayMs, whatever Retry-After asks', async () => {
    const { baseUrl, seen } = await flakyService(2, '3600')
    const started = performance.now()
    await createIdentityClient({ baseUrl, maxDelayMs: 100 }).contact(1)
    expect(seen).toHaveLength(3)
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('gives up after `retries` and throws the last 503 as a typed error', async () => {
    const { baseUrl, seen } = await flakyService(10, '0')
    const error = await createIdentityClient({ baseUrl, retries: 2 }).contact(1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IdentityApiError)
    expect(error).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' })
    expect(seen).toHaveLength(3)
  })

  it('reads Retry-After as seconds or a date, and backs off without one', () => {
    expect(retryDelayMs('5', 0)).toBe(5000)
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString()
    expect(retryDelayMs(inTwoSeconds, 0)).toBeGreaterThan(500)
    expect(retryDelayMs(inTwoSeconds, 0)).toBeLessThanOrEqual(2000)
    expect(retryDelayMs(null, 0)).toBe(1000)
    expect(retryDelayMs('soon', 2)).toBe(4000)
  })
})
