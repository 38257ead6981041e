// API documentation from the route schemas: OpenAPI 3.1 at /openapi.json, Swagger UI at /docs.
import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { publishedSchemas } from '../routes/schemas.js'

// Read at run time: importing it would put package.json outside the build's rootDir. It sits
// two levels up from both src/http and dist/http (the Docker image copies it too).
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string, description: string }

interface ErrorExample { code: string, message: string }

// Every error response shares ErrorSchema and its one (400) example; give each status its own,
// and a path its own where the generic one would mislead.
const ERROR_EXAMPLES: Record<string, ErrorExample> = {
  400: { code: 'INVALID_EMAIL', message: 'email must look like an address' },
  404: { code: 'CONTACT_NOT_FOUND', message: 'no contact with id 42' },
  413: { code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' },
  415: { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'Unsupported Media Type: text/plain' },
  500: { code: 'INTERNAL_ERROR', message: 'Internal Server Error' },
  503: { code: 'DATABASE_UNAVAILABLE', message: 'the database cannot be reached' }
}
const PATH_ERROR_EXAMPLES: Record<string, Record<string, ErrorExample>> = {
  '/contacts/{id}': { 400: { code: 'FST_ERR_VALIDATION', message: 'params.id must be a positive integer' } }
}

// Just the part of the document the rewrite walks.
interface Operations {
  [method: string]: {
    responses?: Record<string, { description?: string, content?: Record<string, { example?: unknown }> }>
  }
}

function hasStatusCode (example: unknown): boolean {
  return typeof example === 'object' && example !== null && 'statusCode' in example
}

/** Names each response by its status instead of "Default Response" and gives errors their own example. */
function polishResponses<T extends { paths?: unknown }> (document: T): T {
  for (const [path, operations] of Object.entries((document.paths ?? {}) as Record<string, Operations>)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === 'Default Response') response.description = STATUS_CODES[status] ?? response.description
        const media = response.content?.['application/json']
        const example = PATH_ERROR_EXAMPLES[path]?.[status] ?? ERROR_EXAMPLES[status]
        // Only ErrorSchema's example carries a statusCode (a 503 from /health/ready does not).
        if (media === undefined || example === undefined || !hasStatusCode(media.example)) continue
        media.example = { statusCode: Number(status), code: example.code, error: STATUS_CODES[status], message: example.message }
      }
    }
  }
  return document
}

// Swagger UI's own policy, minus upgrade-insecure-requests: that would send the page's assets
// to https:// on a service reached over plain HTTP inside a network, and break the page.
const DOCS_CSP = "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'"

export const openapiPlugin = fp(async (app) => {
  await app.register(swagger, {
    // 3.1: the schemas use JSON Schema type arrays such as ['string', 'null'].
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Identity reconciliation service', description: pkg.description, version: pkg.version },
      tags: [
        { name: 'identity', description: 'Link contact details into identities and read them back' },
        { name: 'evidence', description: 'Why identities are what they are: history, explanations, the event feed' },
        { name: 'admin', description: 'Blocklist, held merges and undo; only with ADMIN_TOKEN set, behind it as a bearer token' },
        { name: 'health', description: 'Liveness and readiness probes' }
      ],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } } }
    },
    // Schemas with an `$id` (each event type) are published under that name in components.schemas,
    // so that generated clients get one named type per event.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}`
    },
    // A body or query whose values the domain checks further is published with those checks (schemas.ts).
    transform: ({ schema, url }) => {
      if (schema === undefined) return { schema, url }
      const published = (part: unknown): object | undefined => part === undefined ? undefined : publishedSchemas.get(part as object)
      const body = published(schema?.body)
      const querystring = published(schema?.querystring)
      return { schema: { ...schema, ...(body === undefined ? {} : { body }), ...(querystring === undefined ? {} : { querystring }) }, url }
    },
    transformObject: (document) => 'openapiObject' in document ? polishResponses(document.openapiObject) : document.swaggerObject
  })

  app.get('/openapi.json', { schema: { hide: true }, logLevel: 'warn' }, async () => app.swagger())

  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, logLevel: 'warn' })
}, { name: 'openapi' })
