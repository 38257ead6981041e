// One identity as a compact card: its primary, emails, phones and secondaries, and a way to open it.
import { h } from './dom.js'
import { openIdentity } from './nav.js'
import type { Identity } from './types.js'

const list = (items: Array<string | number>) => items.length === 0 ? '—' : items.join(', ')

/** `openable`: false inside a dialog, where opening another view behind it would be lost. */
export function identityCard (identity: Identity, title = `Identity #${identity.primaryContactId}`, openable = true): HTMLElement {
  return h('article', { class: 'identity-card' },
    h('h4', {}, title),
    h('dl', {},
      h('dt', {}, 'Primary'), h('dd', {}, `#${identity.primaryContactId}`),
      h('dt', {}, 'Emails'), h('dd', {}, list(identity.emails)),
      h('dt', {}, 'Phones'), h('dd', {}, list(identity.phoneNumbers)),
      h('dt', {}, 'Secondaries'), h('dd', {}, list(identity.secondaryContactIds.map(id => `#${id}`)))
    ),
    openable ? h('button', { type: 'button', class: 'link-button', onclick: () => { openIdentity(identity.primaryContactId) } }, `Open #${identity.primaryContactId}`) : null
  )
}
