// What a key may do: its scopes, and the access each route family requires (see routeFamily in app.ts).

/** identify: POST /identify (dry runs too) and GET /contacts/:id; read: identities, history, explain, evidence; feed: GET /events; admin: admin routes and the console. */
export const SCOPES = ['identify', 'read', 'feed', 'admin'] as const
export type Scope = typeof SCOPES[number]

/**
 * What a route requires: a scope, any valid key (docs and metrics when they are closed), or
 * nothing (health probes, the console's page, which signs in by itself).
 */
export type Access = Scope | 'any-key' | 'public'

export function isScope (value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value)
}

/**
 * Whether a key with these scopes may call a route that requires `access`. An admin key may call
 * every route: the console reads identities and their history with the key it signed in with.
 */
export function grants (scopes: ReadonlySet<Scope>, access: Access): boolean {
  if (access === 'public' || access === 'any-key') return true
  return scopes.has(access) || scopes.has('admin')
}
