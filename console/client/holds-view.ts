// Held merges: each with the identities it would join side by side; approve (dry run first, then the merge happens) or reject.
import { api, errorText } from './api.js'
import { keys } from './describe.js'
import { byId, fill, h, message, time } from './dom.js'
import { identityCard } from './identity-card.js'
import { openIdentity } from './nav.js'
import type { ApproveResult, Hold } from './types.js'

/** What approving would do, in words, from the dry run. */
function previewText ({ preview, identity }: ApproveResult): string {
  if (preview === null) return ''
  const parts = [
    preview.demote.length === 0 ? 'merges no identity (they are one already)' : `merges ${preview.demote.map(id => `#${id}`).join(', ')} into #${identity.primaryContactId}`,
    preview.relink.length === 0 ? null : `re-points ${preview.relink.length} contact(s)`,
    preview.create === null ? null : `creates a contact with ${keys(preview.create)}`
  ].filter(part => part !== null)
  return `Approving ${parts.join(', ')}: the identity would have ${identity.emails.length} email(s) and ${identity.phoneNumbers.length} phone(s).`
}

async function holdCard (hold: Hold, refresh: () => void): Promise<HTMLElement> {
  // Each side as it is now: a primary of the hold may have been merged elsewhere since.
  const sides = await Promise.all(hold.primaryIds.map(async id => await api.identity(id).then(identity => identityCard(identity, `Identity of #${id}`), (error: unknown) => message(`#${id}: ${errorText(error)}`, 'error'))))
  const status = h('div', { class: 'hold-status' })
  const buttons = (disabled: boolean) => { for (const button of card.querySelectorAll('button.decide')) (button as HTMLButtonElement).disabled = disabled }
  const approve = () => {
    buttons(true)
    fill(status, message('Approving…'))
    api.approve(hold.id, false).then(({ identity }) => fill(status, message(`Approved: the identities are now #${identity.primaryContactId} (${1 + identity.secondaryContactIds.length} contacts).`, 'ok'),
      h('button', { type: 'button', onclick: () => { openIdentity(identity.primaryContactId) } }, `Open identity #${identity.primaryContactId}`)))
      .catch((error: unknown) => { fill(status, message(errorText(error), 'error')) })
  }
  // Approving shows its dry run first: what would merge, checked against the identities as they are now.
  const review = () => {
    buttons(true)
    fill(status, message('Checking what approving would do…'))
    api.approve(hold.id, true).then(result => fill(status, message(previewText(result)),
      h('button', { type: 'button', class: 'primary-action', onclick: approve }, `Confirm approval of hold #${hold.id}`),
      h('button', { type: 'button', onclick: () => { buttons(false); fill(status) } }, 'Cancel')))
      .catch((error: unknown) => { fill(status, message(errorText(error), 'error')) })
  }
  const reject = () => {
    buttons(true)
    fill(status, message('Rejecting…'))
    api.reject(hold.id).then(() => fill(status, message('Rejected: they stay apart.', 'ok'), h('button', { type: 'button', onclick: refresh }, 'Refresh the list')))
      .catch((error: unknown) => { fill(status, message(errorText(error), 'error')) })
  }
  const card: HTMLElement = h('article', { class: 'hold', 'aria-labelledby': `hold-${hold.id}` },
    h('h3', { id: `hold-${hold.id}` }, `Hold #${hold.id}: ${hold.reason}`),
    h('p', {}, `Joined by ${keys(hold.join)} · held ${time(hold.createdAt)}`, hold.requestId === null ? null : ` · request ${hold.requestId}`,
      hold.count > 1 ? ` · ${hold.count} held requests for hub #${hold.hub}, the latest ${time(hold.lastHeldAt)} (approving joins the latest)` : null,
      hold.status === 'pending' ? null : ` · ${hold.status} ${time(hold.decidedAt)}${hold.decidedBy === null ? '' : ` by ${hold.decidedBy}`}`),
    h('div', { class: 'cards side-by-side' }, ...sides),
    hold.status === 'pending'
      ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'decide primary-action', onclick: review }, `Approve hold #${hold.id}…`),
        h('button', { type: 'button', class: 'decide', onclick: reject }, `Reject hold #${hold.id}`))
      : null,
    status)
  return card
}

/** Lists the holds of the chosen status, a page at a time. */
export async function showHolds (): Promise<void> {
  const list = byId('holds-list')
  const status = byId<HTMLSelectElement>('holds-status').value as Hold['status']
  fill(list, message('Loading held merges…'))
  const refresh = () => { showHolds().catch(() => {}) }
  const more = async (after: number): Promise<HTMLElement[]> => {
    const { holds, next } = await api.holds(status, after)
    const cards = await Promise.all(holds.map(async hold => await holdCard(hold, refresh)))
    if (next === null) return cards
    const button: HTMLButtonElement = h('button', {
      type: 'button',
      onclick: () => {
        button.disabled = true
        more(next).then(page => { button.replaceWith(...page) }, (error: unknown) => { button.replaceWith(message(errorText(error), 'error')) })
      }
    }, 'Show more holds')
    return [...cards, button]
  }
  try {
    const first = await more(0)
    fill(list, first.length === 0 ? message(`No ${status} holds.`) : null, ...first)
  } catch (error) {
    fill(list, message(errorText(error), 'error'))
  }
}

export function setUpHolds (): void {
  byId('holds-status').addEventListener('change', () => { showHolds().catch(() => {}) })
  byId('holds-refresh').addEventListener('click', () => { showHolds().catch(() => {}) })
}
