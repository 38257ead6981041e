// The console's page and bundle over HTTP: served only with an admin token configured, under a policy that allows just them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { CONSOLE_CSP } from '../../src/console/console-plugin.js'
import { buildTestApp } from '../helpers/test-app.js'

describe('the console without ADMIN_TOKEN', () => {
  let app: App
  beforeAll(async () => { app = await buildTestApp() })
  afterAll(async () => { await app.close() })

  it.each(['/console', '/console/', '/console/console.js', '/console/console.css'])('does not exist: %s is 404', async (url) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })
})

describe('the console with ADMIN_TOKEN', () => {
  let app: App
  beforeAll(async () => { app = await buildTestApp({ env: { ADMIN_TOKEN: 'console-test-token' } }) })
  afterAll(async () => { await app.close() })

  it.each([
    ['/console', 'text/html'],
    ['/console/', 'text/html'],
    ['/console/console.js', 'text/javascript'],
    ['/console/console.css', 'text/css']
  ])('serves %s as %s with its own CSP, without the token (the page asks for it)', async (url, type) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain(type)
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP)
    expect(response.headers['x-frame-options']).toBe('DENY')
  })

  it('allows no inline code, no eval and nothing from elsewhere', () => {
    expect(CONSOLE_CSP).toMatch(/^default-src 'none';/)
    expect(CONSOLE_CSP).not.toMatch(/unsafe-|\*|https?:/)
  })

  it('has a page with no inline script or style, loading only its own bundle', async () => {
    const html = (await app.inject({ url: '/console' })).body
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    expect([...html.matchAll(/<script[^>]*>/g)].map(([tag]) => tag)).toEqual(['<script type="module" src="/console/console.js">'])
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url)).toEqual(['data:,', '/console/console.css', '/console/console.js'])
  })

  it('keeps the rest of the service under the JSON policy', async () => {
    const response = await app.inject({ url: '/health/live' })
    expect(response.headers['content-security-policy']).toContain("default-src 'none'")
    expect(response.headers['content-security-policy']).not.toContain('script-src')
  })
})
