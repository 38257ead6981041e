// Every error case of docs/contract.md: one JSON shape, a message that names the problem, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { buildTestApp, readContacts } from '../helpers/test-app.js'

let app: App
beforeAll(async () => { app = await buildTestApp({ env: { BODY_LIMIT_BYTES: '1024' } }) })
afterAll(async () => { await app.close() })

async function post (payload: string, contentType = 'application/json') {
  return await app.inject({ method: 'POST', url: '/identify', payload, headers: { 'content-type': contentType } })
}

describe('400: bad requests write nothing', () => {
  it.each([
    ['not JSON', '{"email": ', 'FST_ERR_CTP_INVALID_JSON_BODY', /JSON/],
    ['an empty body', '', 'FST_ERR_CTP_EMPTY_JSON_BODY', /empty/i],
    ['an array', '[]', 'FST_ERR_VALIDATION', /^body must be object$/],
    ['a string', '"mcfly@hillvalley.edu"', 'FST_ERR_VALIDATION', /^body must be object$/],
    ['null', 'null', 'FST_ERR_VALIDATION', /^body must be object$/],
    ['an unknown key', '{"email":"a@b.co","phone":"123"}', 'FST_ERR_VALIDATION', /unknown property "phone"/],
    ['a wrong email type', '{"email":42}', 'FST_ERR_VALIDATION', /^body\.email must be string or null$/],
    ['a wrong phone type', '{"phoneNumber":true}', 'FST_ERR_VALIDATION', /^body\.phoneNumber must be string or number or null$/],
    ['a negative phone', '{"phoneNumber":-5}', 'INVALID_PHONE_NUMBER', /non-negative integer/],
    ['a fractional phone', '{"phoneNumber":1.5}', 'INVALID_PHONE_NUMBER', /non-negative integer/],
    ['neither field', '{}', 'MISSING_CONTACT_FIELDS', /at least one of email and phoneNumber/],
    ['only blanks', '{"email":"  ","phoneNumber":""}', 'MISSING_CONTACT_FIELDS', /at least one/],
    ['a bad email', '{"email":"not-an-email"}', 'INVALID_EMAIL', /email must look like an address/],
    ['a bad phone', '{"phoneNumber":"12ab"}', 'INVALID_PHONE_NUMBER', /phoneNumber must be/],
    ['a prototype key', '{"email":"a@b.co","__proto__":{"x":1}}', 'FST_ERR_CTP_INVALID_JSON_BODY', /./]
  ])('%s', async (_name, payload, code, message) => {
    const response = await post(payload)
    expect(response.statusCode).toBe(400)
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(['code', 'error', 'message', 'statusCode'])
    expect(body).toMatchObject({ statusCode: 400, code, error: 'Bad Request' })
    expect(body.message).toMatch(message)
    expect(await readContacts(app)).toEqual([])
  })
})

describe('other statuses', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'email=a@b.co'],
    ['text/plain', '{"email":"a@b.co"}'],
    ['application/xml', '<email>a@b.co</email>']
  ])('415 for a body of type %s', async (contentType, payload) => {
    const response = await post(payload, contentType)
    expect(response.statusCode).toBe(415)
    expect(response.json()).toMatchObject({
      statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'Unsupported Media Type: send a JSON body with Content-Type: application/json'
    })
  })

  it('413 for a body over the limit', async () => {
    const response = await post(JSON.stringify({ email: `${'x'.repeat(2000)}@b.co` }))
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })
  })

  it('400, not the router\'s 414, for a path parameter longer than its default limit of 100', async () => {
    const response = await app.inject({ method: 'GET', url: `/contacts/${'x'.repeat(500)}` })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: expect.stringMatching(/^params\.id /) })
  })

  it('404 for an unknown route, in the same shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope?x=1' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: 'Route GET:/nope not found' })
  })

  it('nothing was written by any of the above', async () => {
    expect(await readContacts(app)).toEqual([])
  })
})
