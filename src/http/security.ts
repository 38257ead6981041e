// Security headers for a JSON API (helmet); /docs sets its own, looser CSP (see openapi.ts).
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

export const securityPlugin = fp(async (app) => {
  await app.register(helmet, {
    // A JSON answer loads nothing and belongs in no frame: the tightest policy fits.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] }
    },
    frameguard: { action: 'deny' }
  })
}, { name: 'security' })
