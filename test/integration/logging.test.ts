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
