// The client's generated types match the service's OpenAPI document: fails when they are stale.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { renderTypes, TYPES_FILE } from '../../client/scripts/render-types.js'
import { buildTestApp } from '../helpers/test-app.js'

let app: App
// As client/scripts/generate.ts builds it: with an admin token, so that the admin routes exist.
beforeAll(async () => { app = await buildTestApp({ env: { ADMIN_TOKEN: 'client-types-admin-key-0123456789' } }) })
afterAll(async () => { await app.close() })

it('client/src/openapi.ts is what the service\'s /openapi.json generates (else run npm run client:generate)', async () => {
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  const expected = await renderTypes(document)
  const actual = await readFile(TYPES_FILE, 'utf8')
  expect(actual === expected, 'client/src/openapi.ts is stale: run npm run client:generate').toBe(true)
})
