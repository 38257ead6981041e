// The operator console: its page and bundle, served with a policy that allows them and nothing more.
import { readFile } from 'node:fs/promises'
import { STATUS_CODES } from 'node:http'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'

// Scripts and styles from this origin only (no inline code, no eval: the bundle needs neither),
// API calls to this origin, data: images for the favicon; nothing may frame the page.
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// console/build.ts writes the bundle to dist/console-assets. This file sits two levels below the
// repository root both as src/console/*.ts (tests, tsx) and as dist/console/*.js (npm start), so
// one relative URL finds the bundle from either.
export const CONSOLE_ASSETS = new URL('../../dist/console-assets/', import.meta.url)

const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8'
} as const

/** Serves /console; app.ts registers it only when an admin key is configured, like the admin routes. */
export const consolePlugin = fp(async (app) => {
  // Read on each request: a few small files for a handful of operators, and a rebuilt bundle
  // is picked up without a restart.
  async function serve (reply: FastifyReply, name: keyof typeof FILES) {
    let body: Buffer
    try {
      body = await readFile(new URL(name, CONSOLE_ASSETS))
    } catch {
      const statusCode = 503
      reply.request.log.error({ assets: CONSOLE_ASSETS.pathname }, 'the console is not built: run npm run build')
      return await reply.code(statusCode).send({ statusCode, code: 'CONSOLE_NOT_BUILT', error: STATUS_CODES[statusCode], message: 'The console is not built: run npm run build' })
    }
    return await reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('cache-control', 'no-cache')
      .type(FILES[name])
      .send(body)
  }

  const route = { schema: { hide: true }, logLevel: 'warn' } as const
  app.get('/console', route, async (_request, reply) => await serve(reply, 'index.html'))
  app.get('/console/', route, async (_request, reply) => await serve(reply, 'index.html'))
  app.get('/console/console.js', route, async (_request, reply) => await serve(reply, 'console.js'))
  app.get('/console/console.css', route, async (_request, reply) => await serve(reply, 'console.css'))
}, { name: 'console', dependencies: ['config'] })
