// GET /contacts/:id through the real app and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { martyIdentity } from '../helpers/spec-examples.js'
import { buildTestApp, identify, readContacts } from '../helpers/test-app.js'

let app: App
beforeAll(async () => {
  app = await buildTestApp()
  await identify(app, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' })
  await identify(app, { email: 'mcfly@hillvalley.edu', phoneNumber: '123456' })
  await identify(app, { email: 'biff@hillvalley.edu', phoneNumber: '717171' })
})
afterAll(async () => { await app.close() })

describe('GET /contacts/:id', () => {
  it.each([1, 2])('answers the whole identity for contact %i (primary or secondary)', async (id) => {
    const response = await app.inject({ method: 'GET', url: `/contacts/${id}` })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(martyIdentity)
  })

  it('keeps clusters apart', async () => {
    const response = await app.inject({ method: 'GET', url: '/contacts/3' })
    expect(response.json()).toEqual({ primaryContactId: 3, emails: ['biff@hillvalley.edu'], phoneNumbers: ['717171'], secondaryContactIds: [] })
  })

  it.each(['4', '99999999999999999999'])('answers 404 for unknown id %s', async (id) => {
    const response = await app.inject({ method: 'GET', url: `/contacts/${id}` })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ statusCode: 404, code: 'CONTACT_NOT_FOUND', error: 'Not Found' })
  })

  it.each(['0', '-1', 'abc', '1.5', '01'])('answers 400 for id %s, which is not a positive integer', async (id) => {
    const response = await app.inject({ method: 'GET', url: `/contacts/${id}` })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ statusCode: 400, code: 'FST_ERR_VALIDATION', message: 'params.id must be a positive integer' })
  })

  it('writes nothing', async () => {
    const before = await readContacts(app)
    await app.inject({ method: 'GET', url: '/contacts/2' })
    expect(await readContacts(app)).toEqual(before)
  })
})
