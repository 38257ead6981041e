// GET /metrics: Prometheus text with request counts by route template and /identify outcomes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, identify } from '../helpers/test-app.js'

let app: App
let text: string
let contentType: string
beforeAll(async () => {
  app = await buildTestApp()
  await identify(app, { email: 'doc@hillvalley.edu', phoneNumber: '555' }) // a new primary
  await identify(app, { email: 'doc@hillvalley.edu' }) // a lookup
  await app.inject({ method: 'GET', url: '/contacts/999' }) // a 404 on a known route
  await app.inject({ method: 'GET', url: '/wp-login.php' }) // a 404 on no route at all
  await app.inject({ method: 'GET', url: '/metrics' }) // a scrape, which must not count itself
  const response = await app.inject({ method: 'GET', url: '/metrics' })
  text = response.body
  contentType = String(response.headers['content-type'])
})
afterAll(async () => { await app.close() })

/** The value of the one sample of `name` that carries all of `labels` (in any order); undefined if none. */
function sample (body: string, name: string, labels: Record<string, string>): number | undefined {
  const values = body.split('\n').flatMap(line => {
    const [, metric, labelText, value] = /^(\w+)\{(.*)\} (\S+)$/.exec(line) ?? []
    if (metric !== name) return []
    const found = Object.fromEntries([...(labelText ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, text]) => [key, text]))
    return Object.entries(labels).every(([key, text]) => found[key] === text) ? [Number(value)] : []
  })
  expect(values.length, `samples of ${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1)
  return values[0]
}

describe('GET /metrics', () => {
  it('answers Prometheus text', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(text).toContain('# TYPE http_requests_total counter')
    expect(text).toContain('# TYPE http_request_duration_seconds histogram')
    expect(text).toContain('# TYPE identity_identify_outcomes_total counter')
  })

  it('counts requests by method, route template and status', () => {
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/identify', status_code: '200' })).toBe(2)
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/contacts/:id', status_code: '404' })).toBe(1)
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1)
    // Raw URLs never become labels.
    expect(text).not.toContain('/contacts/999')
    expect(text).not.toContain('wp-login')
    expect(text).not.toMatch(/route="\/metrics"/)
  })

  it('times requests in a histogram from 1 ms to 5 s', () => {
    const labels = { method: 'POST', route: '/identify', status_code: '200' }
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...labels, le: '0.001' })).toBeGreaterThanOrEqual(0)
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...labels, le: '5' })).toBe(2)
    expect(sample(text, 'http_request_duration_seconds_count', labels)).toBe(2)
    expect(sample(text, 'http_request_duration_seconds_sum', labels)).toBeGreaterThan(0)
  })

  it('counts what /identify did, every outcome listed from the start', () => {
    const outcome = (name: string) => sample(text, 'identity_identify_outcomes_total', { outcome: name })
    expect(outcome('created-primary')).toBe(1)
    expect(outcome('unchanged')).toBe(1)
    for (const name of ['created-secondary', 'merged', 'repaired']) expect(outcome(name), name).toBe(0)
  })

  it("includes Node's default metrics", () => {
    expect(text).toMatch(/^process_cpu_user_seconds_total /m)
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m)
  })

  it('keeps one registry per app: another app in the same process starts from zero', async () => {
    const other = await buildTestApp()
    try {
      const body = (await other.inject({ method: 'GET', url: '/metrics' })).body
      expect(sample(body, 'identity_identify_outcomes_total', { outcome: 'created-primary' })).toBe(0)
      expect(sample(body, 'http_requests_total', { route: '/identify' })).toBeUndefined()
    } finally {
      await other.close()
    }
  })

  it('is not in the API documentation', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(Object.keys(document.paths)).not.toContain('/metrics')
  })
})
