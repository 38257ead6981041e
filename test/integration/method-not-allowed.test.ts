// A method a path does not have: 405 with Allow, in the one error shape; unknown paths stay 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import type { App } from '../../src/app.js'
import { buildTestApp, readContacts } from '../helpers/test-app.js'

let app: App
beforeAll(async () => {
  app = await buildTestApp()
  // Added after buildApp(), as a later feature would be: known without any list to update.
  app.get('/later/:id', async () => ({ ok: true }))
})
afterAll(async () => { await app.close() })

type Method = NonNullable<InjectOptions['method']>

describe('405 Method Not Allowed', () => {
  it.each([
    ['TRACE', '/identify', 'POST'],
    ['QUERY', '/identify', 'POST'],
    ['PUT', '/identify', 'POST'],
    ['GET', '/identify?x=1', 'POST'],
    ['DELETE', '/contacts/1', 'GET, HEAD'],
    ['POST', '/contacts/abc', 'GET, HEAD'],
    ['PATCH', '/health/ready', 'GET, HEAD'],
    ['POST', '/later/7', 'GET, HEAD']
  ])('%s %s: Allow %s', async (method, url, allow) => {
    const response = await app.inject({ method: method as Method, url })
    expect(response.statusCode).toBe(405)
    expect(response.headers.allow).toBe(allow)
    const path = url.split('?')[0]
    expect(response.json()).toEqual({
      statusCode: 405,
      code: 'METHOD_NOT_ALLOWED',
      error: 'Method Not Allowed',
      message: `${method} is not allowed on ${path}; allowed: ${allow}`
    })
  })

  it('a body on the wrong method is not read: still 405, nothing written', async () => {
    const response = await app.inject({ method: 'PUT', url: '/identify', payload: '{"email":"a@b.co"}', headers: { 'content-type': 'application/json' } })
    expect(response.statusCode).toBe(405)
    expect(await readContacts(app)).toEqual([])
  })

  it.each([
    ['GET', '/nope'],
    ['TRACE', '/nope'],
    ['QUERY', '/nope'],
    ['GET', '/identify/extra'],
    ['GET', '/contacts/1/'],
    ['GET', '/later']
  ])('%s %s stays 404 ROUTE_NOT_FOUND', async (method, url) => {
    const response = await app.inject({ method: method as Method, url })
    expect(response.statusCode).toBe(404)
    expect(response.headers.allow).toBeUndefined()
    expect(response.json()).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' })
  })
})
