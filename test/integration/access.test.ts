// Who may call what: every route against no key, a wrong key, a key without its scope and the right
// key; rotation and reload; the actor; rate limits; the open modes; no-store.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { keyLine, mintKey } from '../../src/access/keys.js'
import type { Access, Scope } from '../../src/access/scopes.js'
import { buildTestApp } from '../helpers/test-app.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'identity-keys-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** Mints a key and returns it with its configuration line. */
function key (name: string, ...scopes: Scope[]) {
  const minted = mintKey(name, scopes)
  return { key: minted.key, line: keyLine(minted.entry), auth: { authorization: `Bearer ${minted.key}` } }
}

async function keysFile (name: string, lines: string[]): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, `# keys of the test\n${lines.join('\n')}\n`)
  return path
}

const checkout = key('checkout', 'identify')
const analytics = key('analytics', 'read')
const warehouse = key('warehouse', 'feed')
const jennifer = key('jennifer', 'admin')
const everythingButAdmin = key('almost', 'identify', 'read', 'feed')
const unknown = key('nobody', 'admin')

// A key that lacks each scope.
const WITHOUT: Record<Scope, { auth: Record<string, string> }> = { identify: analytics, read: checkout, feed: checkout, admin: everythingButAdmin }
const WITH: Record<Scope, { auth: Record<string, string> }> = { identify: checkout, read: analytics, feed: warehouse, admin: jennifer }

interface Route { method: 'GET' | 'POST' | 'DELETE', url: string, access: Access, payload?: object }
// Every route of the service, with a request that it accepts.
const ROUTES: Route[] = [
  { method: 'GET', url: '/health/live', access: 'public' },
  { method: 'GET', url: '/health/ready', access: 'public' },
  { method: 'GET', url: '/console', access: 'public' },
  { method: 'GET', url: '/metrics', access: 'public' },
  { method: 'GET', url: '/openapi.json', access: 'public' },
  { method: 'POST', url: '/identify', access: 'identify', payload: { email: 'lorraine@hillvalley.edu' } },
  { method: 'POST', url: '/identify?dryRun=true', access: 'identify', payload: { email: 'marty@hillvalley.edu' } },
  { method: 'GET', url: '/contacts/1', access: 'identify' },
  { method: 'GET', url: '/identities?email=lorraine@hillvalley.edu', access: 'read' },
  { method: 'GET', url: '/contacts/1/history', access: 'read' },
  { method: 'GET', url: '/contacts/1/explain?with=1', access: 'read' },
  { method: 'GET', url: '/contacts/1/evidence', access: 'read' },
  { method: 'GET', url: '/events?after=0', access: 'feed' },
  { method: 'GET', url: '/admin/whoami', access: 'admin' },
  { method: 'GET', url: '/admin/blocklist', access: 'admin' },
  { method: 'POST', url: '/admin/blocklist', access: 'admin', payload: { field: 'phoneNumber', match: 'exact', value: '+1 800 555 0199' } },
  { method: 'DELETE', url: '/admin/blocklist/rule-unknown', access: 'admin' },
  { method: 'GET', url: '/admin/holds', access: 'admin' },
  { method: 'POST', url: '/admin/holds/1/approve', access: 'admin' },
  { method: 'POST', url: '/admin/holds/1/reject', access: 'admin' },
  { method: 'POST', url: '/admin/undo?dryRun=true', access: 'admin', payload: { eventId: 1 } },
  { method: 'POST', url: '/admin/erase?dryRun=true', access: 'admin', payload: { contactId: 1 } },
  { method: 'POST', url: '/admin/erase/lift', access: 'admin', payload: { email: 'nobody@x.io' } }
]

describe('with keys configured', () => {
  let app: App
  beforeAll(async () => {
    const file = await keysFile('all', [checkout, analytics, warehouse, jennifer, everythingButAdmin].map(k => k.line))
    app = await buildTestApp({ env: { AUTH: 'keys', API_KEYS_FILE: file } })
    // A contact for the routes that read one.
    expect((await app.inject({ method: 'POST', url: '/identify', headers: checkout.auth, payload: { email: 'george@hillvalley.edu' } })).statusCode).toBe(200)
  })
  afterAll(async () => { await app.close() })

  const inject = async (route: Route, headers: Record<string, string>) =>
    await app.inject({ method: route.method, url: route.url, headers, ...(route.payload === undefined ? {} : { payload: route.payload }) })

  it('lists every documented route', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>()
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map(method => `${method.toUpperCase()} ${path}`))
    const pattern = (operation: string) => new RegExp(`^${operation.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`)
    for (const operation of documented) {
      expect(ROUTES.some(route => pattern(operation).test(`${route.method} ${route.url}`)), operation).toBe(true)
    }
  })

  for (const route of ROUTES) {
    const name = `${route.method} ${route.url}`
    if (route.access === 'public') {
      it(`${name} answers without a key, without no-store`, async () => {
        const response = await inject(route, {})
        expect([401, 403], response.body).not.toContain(response.statusCode)
        expect(response.headers['cache-control']).not.toBe('no-store')
      })
      continue
    }
    const scope = route.access as Scope
    it(`${name} needs a key with ${scope}`, async () => {
      for (const headers of [{}, unknown.auth, { authorization: checkout.key }, { authorization: 'Bearer ' }]) {
        const response = await inject(route, headers)
        expect(response.statusCode, JSON.stringify(headers)).toBe(401)
        expect(response.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', error: 'Unauthorized' })
        expect(response.headers['www-authenticate']).toBe('Bearer')
      }
      const forbidden = await inject(route, WITHOUT[scope].auth)
      expect(forbidden.statusCode).toBe(403)
      expect(forbidden.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', error: 'Forbidden' })
      expect(forbidden.json().message).toContain(scope)
      for (const allowed of [WITH[scope], jennifer]) {
        const response = await inject(route, allowed.auth)
        expect([200, 201, 204, 404, 409], response.body).toContain(response.statusCode)
        expect(response.headers['cache-control']).toBe('no-store')
      }
    })
  }

  it('names the caller: the key\'s name is the actor, whatever x-operator says', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/whoami', headers: jennifer.auth })).json()).toEqual({ name: 'jennifer', scopes: ['admin'] })
    const claimed = await app.inject({ method: 'POST', url: '/identify', headers: { ...checkout.auth, 'x-operator': 'mallory' }, payload: { email: 'george@hillvalley.edu', phoneNumber: '919191' } })
    const added = await app.inject({ method: 'POST', url: '/admin/blocklist', headers: { ...jennifer.auth, 'x-operator': 'mallory' }, payload: { field: 'email', match: 'exact', value: 'spam@x.io' } })
    expect(added.json().rule.actor).toBe('jennifer')
    const events = (await app.inject({ method: 'GET', url: '/events?after=0', headers: warehouse.auth })).json<{ events: Array<{ type: string, actor: string | null, requestId: string | null }> }>().events
    const written = events.filter(e => e.requestId === claimed.headers['x-request-id'])
    expect(written.length).toBeGreaterThan(0)
    for (const event of written) expect(event.actor).toBe('checkout')
    expect(events.filter(e => e.actor === 'mallory')).toEqual([])
    expect(events.find(e => e.type === 'identifier.blocked')?.actor).toBe('jennifer')
  })

  it('closes a route registered outside every family to all but admin keys', async () => {
    const other = await buildTestApp({ env: { AUTH: 'keys', API_KEYS_FILE: join(dir, 'all') } })
    try {
      other.get('/stray', async () => ({ ok: true }))
      expect((await other.inject({ method: 'GET', url: '/stray' })).statusCode).toBe(401)
      expect((await other.inject({ method: 'GET', url: '/stray', headers: everythingButAdmin.auth })).statusCode).toBe(403)
      expect((await other.inject({ method: 'GET', url: '/stray', headers: jennifer.auth })).statusCode).toBe(200)
    } finally {
      await other.close()
    }
  })
})

describe('rotation', () => {
  it('takes two keys of one name; a key removed from the file stops working after a reload', async () => {
    const old = key('checkout', 'identify')
    const next = key('checkout', 'identify')
    const file = await keysFile('rotation', [old.line, next.line])
    const app = await buildTestApp({ env: { AUTH: 'keys', API_KEYS_FILE: file } })
    try {
      const call = async (auth: Record<string, string>) => (await app.inject({ method: 'POST', url: '/identify', headers: auth, payload: { email: 'doc@hillvalley.edu' } })).statusCode
      expect(await call(old.auth)).toBe(200)
      expect(await call(next.auth)).toBe(200)
      // A file with a bad line changes nothing.
      await writeFile(file, `${next.line}\nnot a key line\n`)
      app.access.reload()
      expect(await call(old.auth)).toBe(200)
      await writeFile(file, `${next.line}\n`)
      // Still in force until the reload (SIGHUP in server.ts).
      expect(await call(old.auth)).toBe(200)
      app.access.reload()
      expect(await call(old.auth)).toBe(401)
      expect(await call(next.auth)).toBe(200)
      const actors = (await app.db.models.Event.find({}).lean()).map(event => event.actor)
      expect(new Set(actors)).toEqual(new Set(['checkout']))
    } finally {
      await app.close()
    }
  })
})

describe('a rate limit per key', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_<SCOPE> requests; other keys and scopes go on', async () => {
    const other = key('shop', 'identify')
    const file = await keysFile('limits', [checkout.line, other.line, analytics.line])
    const app = await buildTestApp({ env: { AUTH: 'keys', API_KEYS_FILE: file, RATE_LIMIT_IDENTIFY: '2', RATE_LIMIT_WINDOW_MS: '60000' } })
    try {
      const read = async (auth: Record<string, string>, url = '/contacts/1') => await app.inject({ method: 'GET', url, headers: auth })
      expect((await read(checkout.auth)).statusCode).toBe(404)
      expect((await read(checkout.auth)).statusCode).toBe(404)
      const limited = await read(checkout.auth)
      expect(limited.statusCode).toBe(429)
      expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' })
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
      expect((await read(other.auth)).statusCode).toBe(404)
      // No limit configured for read.
      for (let i = 0; i < 5; i++) expect((await read(analytics.auth, '/identities?email=a@x.io')).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})

describe('docs and metrics', () => {
  it('can be put behind any valid key', async () => {
    const file = await keysFile('docs', [warehouse.line])
    const app = await buildTestApp({ env: { AUTH: 'keys', API_KEYS_FILE: file, DOCS_AND_METRICS: 'key' } })
    try {
      for (const url of ['/metrics', '/openapi.json', '/docs/']) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401)
        expect((await app.inject({ method: 'GET', url, headers: warehouse.auth })).statusCode, url).toBe(200)
      }
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})

describe('without keys', () => {
  it('is open outside production or on a loopback address, and says so; admin routes do not exist', async () => {
    for (const env of [{ NODE_ENV: 'development', HOST: '0.0.0.0' }, { NODE_ENV: 'production', HOST: '127.0.0.1' }]) {
      const app = await buildTestApp({ env: { AUTH: 'keys', ...env } })
      try {
        expect((await app.inject({ method: 'POST', url: '/identify', payload: { email: 'open@x.io' } })).statusCode).toBe(200)
        expect((await app.inject({ method: 'GET', url: '/admin/holds' })).statusCode).toBe(404)
      } finally {
        await app.close()
      }
    }
  })

  it('with AUTH=off, callers need no key while admin routes still need an admin key', async () => {
    const file = await keysFile('off', [checkout.line, jennifer.line])
    const app = await buildTestApp({ env: { AUTH: 'off', API_KEYS_FILE: file, NODE_ENV: 'production', HOST: '0.0.0.0' } })
    try {
      expect((await app.inject({ method: 'GET', url: '/identities?email=a@x.io' })).statusCode).toBe(200)
      expect((await app.inject({ method: 'GET', url: '/admin/holds' })).statusCode).toBe(401)
      expect((await app.inject({ method: 'GET', url: '/admin/holds', headers: checkout.auth })).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/admin/holds', headers: jennifer.auth })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})
