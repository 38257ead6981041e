// GET /admin/whoami: the name and scopes of the key a request carries; the console shows who is signed in.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const WhoamiSchema = Type.Object({
  name: Type.String({ description: 'The key\'s name: the actor of the events its requests write.' }),
  scopes: Type.Array(Type.Union([Type.Literal('identify'), Type.Literal('read'), Type.Literal('feed'), Type.Literal('admin')]))
}, { examples: [{ name: 'jennifer', scopes: ['admin'] }] })

export const adminWhoamiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin/whoami', {
    schema: { summary: 'Who is signed in: the name and scopes of this key', tags: ['admin'], response: { 200: WhoamiSchema } }
  }, async (request) => {
    // Admin routes always authenticate (access-plugin.ts), so there is a caller.
    const caller = request.caller!
    return { name: caller.name, scopes: [...caller.scopes] }
  })
}
