// The operator's admin key for this browser tab's session: sessionStorage, never a URL, localStorage or a cookie.
const TOKEN = 'identity-console.token'

export interface Session { token: string }

/** The signed-in session, if any: it ends when the tab closes. */
export function readSession (): Session | null {
  const token = sessionStorage.getItem(TOKEN)
  return token === null ? null : { token }
}

export function saveSession (session: Session): void {
  sessionStorage.setItem(TOKEN, session.token)
}

export function clearSession (): void {
  sessionStorage.removeItem(TOKEN)
}
