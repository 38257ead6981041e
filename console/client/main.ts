// The console's entry point: ask for an admin key once per browser session, show who is signed in, then the tabs.
import { api, ApiError, whenUnauthorized } from './api.js'
import { setUpBlocklist, showBlocklist } from './blocklist-view.js'
import { byId, fill, message } from './dom.js'
import { setUpHolds, showHolds } from './holds-view.js'
import { IdentityView } from './identity-view.js'
import { onOpenIdentity } from './nav.js'
import { clearSession, readSession, saveSession } from './session.js'
import { setUpUndo } from './undo-view.js'
import { setUpErase } from './erase-view.js'

type Tab = 'identities' | 'holds' | 'blocklist' | 'undo' | 'erase'
const TABS: Tab[] = ['identities', 'holds', 'blocklist', 'undo', 'erase']

let identities: IdentityView | null = null

function showTab (tab: Tab): void {
  for (const each of TABS) {
    byId(`tab-${each}`).setAttribute('aria-selected', String(each === tab))
    byId(`panel-${each}`).hidden = each !== tab
  }
  if (tab === 'identities') identities?.shown()
  if (tab === 'holds') showHolds().catch(() => {})
  if (tab === 'blocklist') showBlocklist().catch(() => {})
}

function signOut (note?: string): void {
  clearSession()
  byId('console').hidden = true
  byId('session').hidden = true
  byId('sign-in').hidden = false
  fill(byId('sign-in-status'), note === undefined ? null : message(note, 'error'))
  byId<HTMLInputElement>('token').focus()
}

/** Checks the key and learns its name (GET /admin/whoami): the service answers 401 to a wrong key, 403 to one without admin. */
async function enter (): Promise<void> {
  const session = readSession()
  if (session === null) { signOut(); return }
  let name: string
  try {
    name = (await api.whoami()).name
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return // whenUnauthorized has signed out
    if (error instanceof ApiError && error.status === 403) { signOut('This key has no admin scope (403). Enter an admin key.'); return }
    throw error
  }
  byId('sign-in').hidden = true
  byId('console').hidden = false
  byId('session').hidden = false
  fill(byId('whoami'), `Signed in as ${name}`)
  identities ??= new IdentityView()
  showTab('identities')
  byId<HTMLInputElement>('search-value').focus()
}

function setUp (): void {
  whenUnauthorized(() => { signOut('The service refused this key (401). Enter an admin key again.') })
  byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const token = byId<HTMLInputElement>('token')
    if (token.value === '') return
    saveSession({ token: token.value })
    token.value = ''
    fill(byId('sign-in-status'), message('Checking the key…'))
    enter().catch((error: unknown) => { signOut(`Cannot check the key: ${error instanceof Error ? error.message : String(error)}`) })
  })
  byId('sign-out').addEventListener('click', () => { signOut() })
  for (const tab of TABS) byId(`tab-${tab}`).addEventListener('click', () => { showTab(tab) })
  // Arrow keys move between tabs, as in any tab list.
  byId('tabs').addEventListener('keydown', (event) => {
    const current = TABS.findIndex(tab => byId(`tab-${tab}`).getAttribute('aria-selected') === 'true')
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    const next = TABS[(current + step + TABS.length) % TABS.length] ?? 'identities'
    showTab(next)
    byId(`tab-${next}`).focus()
  })
  onOpenIdentity((contactId) => {
    showTab('identities')
    identities?.open(contactId).catch(() => {})
  })
  setUpHolds()
  setUpBlocklist()
  setUpUndo()
  setUpErase()
  enter().catch((error: unknown) => { signOut(`Cannot check the key: ${error instanceof Error ? error.message : String(error)}`) })
}

setUp()
