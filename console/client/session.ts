// The operator's token and name for this browser tab's session: sessionStorage, never a URL, localStorage or a cookie.
const TOKEN = 'identity-console.token'
const OPERATOR = 'identity-console.operator'

export interface Session { token: string, operator: string }

/** The signed-in session, if any: it ends when the tab closes. */
export function readSession (): Session | null {
  const token = sessionStorage.getItem(TOKEN)
  return token === null ? null : { token, operator: sessionStorage.getItem(OPERATOR) ?? '' }
}

export function saveSession (session: Session): void {
  sessionStorage.setItem(TOKEN, session.token)
  sessionStorage.setItem(OPERATOR, session.operator)
}

export function clearSession (): void {
  sessionStorage.removeItem(TOKEN)
  sessionStorage.removeItem(OPERATOR)
}
