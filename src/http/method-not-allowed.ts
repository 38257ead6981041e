// Knows which methods each registered path answers, so that a request with another method gets 405 with Allow.
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods of the routes whose path matches `path` (a request's, without its query), sorted; empty when none. */
    allowedMethods (path: string): string[]
  }
}

interface PathRoutes { pattern: RegExp, methods: Set<string> }

/** find-my-way's path syntax as a regular expression: `:param` is one segment, `*` the rest. */
function patternOf (url: string): RegExp {
  const source = url.split('/').map(segment => {
    if (segment === '*') return '.*'
    return segment.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/).map(part => {
      if (part === '*') return '.*'
      if (part.startsWith(':')) return '[^/]+'
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    }).join('')
  }).join('/')
  return new RegExp(`^${source}$`)
}

/**
 * Register before any route: the onRoute hook sees only routes added after it. Routes added
 * later (a new plugin, a new method on a path) are known without a list to keep up to date.
 */
export const methodNotAllowedPlugin = fp(async (app) => {
  const byUrl = new Map<string, PathRoutes>()
  app.addHook('onRoute', (route) => {
    let entry = byUrl.get(route.url)
    if (entry === undefined) {
      entry = { pattern: patternOf(route.url), methods: new Set() }
      byUrl.set(route.url, entry)
    }
    for (const method of ([] as string[]).concat(route.method)) entry.methods.add(method.toUpperCase())
  })

  app.decorate('allowedMethods', (path: string): string[] => {
    const methods = new Set<string>()
    for (const { pattern, methods: own } of byUrl.values()) {
      if (pattern.test(path)) for (const method of own) methods.add(method)
    }
    return [...methods].sort()
  })
}, { name: 'method-not-allowed' })
