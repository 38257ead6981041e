// Logs: one structured line per request with its id; no emails or phone numbers unless asked for.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, identify } from '../helpers/test-app.js'

let app: App | undefined
afterEach(async () => { await app?.close() })

/** An app whose log lines land in an array. */
async function appWithLogs (env: Record<string, string> = {}): Promise<{ app: App, lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>))
      done()
    }
  })
  app = await buildTestApp({ env: { LOG_LEVEL: 'info', ...env }, loggerInstance: pino(sink) })
  return { app, lines }
}

describe('request logs', () => {
  it('write one line per request, with the request id the caller sent', async () => {
    const { app, lines } = await appWithLogs()
    lines.length = 0
    const response = await app.inject({
      method: 'POST',
      url: '/identify',
      headers: { 'x-request-id': 'caller-chosen-id' },
      payload: { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' }
    })
    expect(response.headers['x-request-id']).toBe('caller-chosen-id')
    const requestLines = lines.filter(line => line.reqId === 'caller-chosen-id')
    expect(requestLines).toHaveLength(1)
    expect(requestLines[0]).toMatchObject({
      msg: 'request', method: 'POST', route: '/identify', statusCode: 200, outcome: 'created-primary', primaryContactId: 1
    })
    expect(typeof requestLines[0]?.durationMs).toBe('number')
  })

  it('generate a request id when the caller sends none, and name the error code of a failure', async () => {
    const { app, lines } = await appWithLogs()
    const response = await identify(app, { email: 'not-an-email' })
    const id = response.headers['x-request-id']
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines.filter(line => line.reqId === id)).toMatchObject([{ statusCode: 400, errorCode: 'INVALID_EMAIL' }])
  })

  it('never contain emails or phone numbers by default', async () => {
    const { app, lines } = await appWithLogs()
    await identify(app, { email: 'secret.person@example.com', phoneNumber: '+1 415 555 0100' })
    await identify(app, { email: 'secret.person@example.com', phone: '999' })
    await app.inject({ method: 'GET', url: '/contacts/1' })
    const text = JSON.stringify(lines)
    expect(text).not.toContain('secret.person')
    expect(text).not.toMatch(/415.?555/)
  })

  it('contain them when LOG_CONTACT_DETAILS=true', async () => {
    const { app, lines } = await appWithLogs({ LOG_CONTACT_DETAILS: 'true' })
    await identify(app, { email: 'debug.person@example.com' })
    expect(JSON.stringify(lines)).toContain('debug.person@example.com')
  })
})

describe('a 503 behind a lock', () => {
  // A live lock of another request on the email: the request gives up (one retry) with 503, and
  // the error it logs carries the lock's duplicate-key error, whose _id is `email:<the email>`.
  async function busy (env: Record<string, string> = {}) {
    const logged = await appWithLogs({ CONFLICT_RETRIES: '2', ...env })
    await logged.app.db.models.Lock.create({ _id: 'email:locked.person@example.com', owner: 'someone-alive', expiresAt: new Date(Date.now() + 600_000) })
    await logged.app.db.models.Lock.create({ _id: 'phone:+14155550100', owner: 'someone-alive', expiresAt: new Date(Date.now() + 600_000) })
    const response = await identify(logged.app, { email: 'locked.person@example.com', phoneNumber: '+1 415 555 0100' })
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBeDefined()
    const warning = logged.lines.find(line => line.level === 40 && (line.err as { type?: string } | undefined)?.type === 'IdentityError')
    expect(warning).toBeDefined()
    return { text: JSON.stringify(logged.lines), warning: JSON.stringify(warning) }
  }

  it('logs its nested causes without the email or phone', async () => {
    const { text, warning } = await busy()
    // The cause chain is there (the lock that was in the way), masked.
    expect(warning).toContain('email:[email]')
    expect(text).not.toContain('locked.person')
    expect(text).not.toMatch(/415.?555/)
  })

  it('logs them as they are with LOG_CONTACT_DETAILS=true', async () => {
    const { warning } = await busy({ LOG_CONTACT_DETAILS: 'true' })
    expect(warning).toContain('email:locked.person@example.com')
  })
})

describe('x-request-id', () => {
  it('is kept when it is at most 128 safe characters, and replaced by a fresh one otherwise', async () => {
    const { app, lines } = await appWithLogs()
    const kept = ['a'.repeat(128), 'trace-01:span.02_x', '4bf92f3577b34da6a3ce929d0e0e4736']
    const replaced = ['a'.repeat(129), 'me@example.com', '+14155550100', 'has space', 'quote"d', '']
    for (const id of kept) {
      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': id } })
      expect(response.headers['x-request-id']).toBe(id)
    }
    for (const id of replaced) {
      const response = await app.inject({ method: 'POST', url: '/identify', headers: { 'x-request-id': id }, payload: { email: 'rid@example.com' } })
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    const text = JSON.stringify(lines)
    expect(text).not.toContain('a'.repeat(129))
    expect(text).not.toContain('me@example.com')
    // Nor in the events: the request id is stored with each.
    const events = await app.db.models.Event.find({}).lean()
    expect(events.length).toBeGreaterThan(0)
    for (const event of events) expect(event.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})
