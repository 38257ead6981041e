// Held merges: each with the identities it would join side by side; approve (the merge happens now) or reject.
import { api, errorText } from './api.js'
import { keys } from './describe.js'
import { byId, fill, h, message, time } from './dom.js'
import { identityCard } from './identity-card.js'
import { openIdentity } from './nav.js'
import type { Hold } from './types.js'

async function holdCard (hold: Hold, refresh: () => void): Promise<HTMLElement> {
  // Each side as it is now: a primary of the hold may have been merged elsewhere since.
  const sides = await Promise.all(hold.primaryIds.map(async id => await api.identity(id).then(identity => identityCard(identity, `Identity of #${id}`), (error: unknown) => message(`#${id}: ${errorText(error)}`, 'error'))))
  const status = h('div', { class: 'hold-status' })
  const decide = (action: 'approve' | 'reject') => {
    for (const button of card.querySelectorAll('button.decide')) (button as HTMLButtonElement).disabled = true
    fill(status, message(action === 'approve' ? 'Approving…' : 'Rejecting…'))
    const done = action === 'approve'
      ? api.approve(hold.id).then(({ identity }) => fill(status, message(`Approved: the identities are now #${identity.primaryContactId} (${1 + identity.secondaryContactIds.length} contacts).`, 'ok'),
        h('button', { type: 'button', onclick: () => { openIdentity(identity.primaryContactId) } }, `Open identity #${identity.primaryContactId}`)))
      : api.reject(hold.id).then(() => fill(status, message('Rejected: they stay apart.', 'ok'), h('button', { type: 'button', onclick: refresh }, 'Refresh the list')))
    done.catch((error: unknown) => { fill(status, message(errorText(error), 'error')) })
  }
  const card: HTMLElement = h('article', { class: 'hold', 'aria-labelledby': `hold-${hold.id}` },
    h('h3', { id: `hold-${hold.id}` }, `Hold #${hold.id}: ${hold.reason}`),
    h('p', {}, `Joined by ${keys(hold.join)} · held ${time(hold.createdAt)}`, hold.requestId === null ? null : ` · request ${hold.requestId}`,
      hold.status === 'pending' ? null : ` · ${hold.status} ${time(hold.decidedAt)}${hold.decidedBy === null ? '' : ` by ${hold.decidedBy}`}`),
    h('div', { class: 'cards side-by-side' }, ...sides),
    hold.status === 'pending'
      ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'decide primary-action', onclick: () => { decide('approve') } }, `Approve hold #${hold.id}`),
        h('button', { type: 'button', class: 'decide', onclick: () => { decide('reject') } }, `Reject hold #${hold.id}`))
      : null,
    status)
  return card
}

/** Lists the holds of the chosen status. */
export async function showHolds (): Promise<void> {
  const list = byId('holds-list')
  const status = byId<HTMLSelectElement>('holds-status').value as Hold['status']
  fill(list, message('Loading held merges…'))
  try {
    const { holds } = await api.holds(status)
    const refresh = () => { showHolds().catch(() => {}) }
    fill(list, holds.length === 0 ? message(`No ${status} holds.`) : null, ...await Promise.all(holds.map(async hold => await holdCard(hold, refresh))))
  } catch (error) {
    fill(list, message(errorText(error), 'error'))
  }
}

export function setUpHolds (): void {
  byId('holds-status').addEventListener('change', () => { showHolds().catch(() => {}) })
  byId('holds-refresh').addEventListener('click', () => { showHolds().catch(() => {}) })
}
