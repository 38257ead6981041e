// The OpenAPI document, Swagger UI at /docs, and the security headers that must not break it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, identify } from '../helpers/test-app.js'

interface Media { schema: { required?: string[] }, example?: unknown }
interface Operation {
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { description: string, content?: Record<string, Media> }>
}
interface Document {
  openapi: string
  info: { title: string, version: string }
  paths: Record<string, Record<string, Operation>>
}

let app: App
let document: Document
beforeAll(async () => {
  app = await buildTestApp()
  document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
})
afterAll(async () => { await app.close() })

const operations = (): Array<[string, Operation]> =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]))

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with a title and version', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(document.openapi).toMatch(/^3\.1\.\d+$/)
    expect(document.info.title).not.toBe('')
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('documents every route the app serves, and only those', () => {
    expect(operations().map(([name]) => name).sort()).toEqual([
      'GET /contacts/{id}', 'GET /contacts/{id}/evidence', 'GET /contacts/{id}/explain', 'GET /contacts/{id}/history',
      'GET /events', 'GET /health/live', 'GET /health/ready', 'GET /identities', 'POST /identify'
    ])
    for (const [name] of operations()) {
      const [method, path] = name.split(' ') as [string, string]
      expect(app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), name).toBe(true)
    }
  })

  it.each([
    ['POST /identify', ['200', '400', '413', '415', '503']],
    ['GET /contacts/{id}', ['200', '400', '404', '503']]
  ])('%s documents its statuses, errors in the one error shape', (name, statuses) => {
    const operation = Object.fromEntries(operations())[name]!
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses))
    for (const status of statuses.filter(status => status !== '200')) {
      const media = operation.responses[status]!.content!['application/json']!
      expect(media.schema.required, `${name} ${status}`).toEqual(['statusCode', 'code', 'error', 'message'])
      expect(media.example, `${name} ${status}`).toMatchObject({ statusCode: Number(status) })
    }
  })

  it('gives every request body and every 200 response an example', () => {
    for (const [name, operation] of operations()) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect(media.example, `${name} request body`).toBeDefined()
      }
      const ok = operation.responses['200']!.content!['application/json']!
      expect(ok.example, `${name} 200`).toBeDefined()
    }
  })

  it('has /identify examples that the service itself accepts and answers in the documented shape', async () => {
    const operation = Object.fromEntries(operations())['POST /identify']!
    const response = await identify(app, operation.requestBody!.content['application/json']!.example)
    expect(response.statusCode).toBe(200)
    const example = operation.responses['200']!.content!['application/json']!.example as object
    expect(Object.keys(response.json()).sort()).toEqual(Object.keys(example).sort())
  })
})

describe('GET /docs', () => {
  it('answers the Swagger UI page', async () => {
    let response = await app.inject({ method: 'GET', url: '/docs' })
    if (response.statusCode >= 300 && response.statusCode < 400) {
      response = await app.inject({ method: 'GET', url: new URL(response.headers.location!, 'http://localhost/docs').pathname })
    }
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toContain('swagger-ui')
  })

  it('serves its assets under a policy that lets them load', async () => {
    const asset = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
    expect(asset.statusCode).toBe(200)
    const page = await app.inject({ method: 'GET', url: '/docs/' })
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self'/)
    expect(csp).toMatch(/style-src 'self'/)
    // Would send the assets to https:// on a service reached over plain HTTP.
    expect(csp).not.toMatch(/upgrade-insecure-requests/)
  })
})

describe('security headers', () => {
  it('are on API answers, with a policy that allows nothing to load', async () => {
    const response = await identify(app, { email: 'doc@hillvalley.edu' })
    expect(response.statusCode).toBe(200)
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer'
    })
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/)
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    expect(response.headers).not.toHaveProperty('x-powered-by')
  })

  it('are on errors too', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
  })
})
