// Blocked identifiers: the rules (built-in ones cannot be removed), a form to add one (the service validates a pattern), remove.
import { api, errorText } from './api.js'
import { byId, fill, h, message, time } from './dom.js'
import type { BlockRule, Field } from './types.js'

function row (rule: BlockRule): HTMLTableRowElement {
  const remove = h('button', {
    type: 'button',
    class: 'small',
    'aria-label': `Remove ${rule.value}`,
    onclick: () => {
      remove.disabled = true
      api.unblock(rule.id).then(async () => await showBlocklist(message(`Removed ${rule.field} ${rule.match} "${rule.value}".`, 'ok')),
        (error: unknown) => { fill(byId('blocklist-status'), message(errorText(error), 'error')); remove.disabled = false })
    }
  }, 'Remove')
  return h('tr', {},
    h('td', {}, rule.field === 'email' ? 'email' : 'phone'),
    h('td', {}, rule.match),
    h('td', {}, h('code', {}, rule.value)),
    h('td', {}, rule.builtIn ? 'built-in' : `${time(rule.createdAt)}${rule.actor === null ? '' : ` by ${rule.actor}`}`),
    // Built-in rules cannot be removed (the service answers 409 BUILT_IN_RULE): no button for them.
    h('td', {}, rule.builtIn ? null : remove))
}

/** Lists the rules; `note` says what just happened. */
export async function showBlocklist (note?: HTMLElement): Promise<void> {
  const table = byId('blocklist-table')
  fill(byId('blocklist-status'), note)
  try {
    const { rules } = await api.blocklist()
    fill(table, h('table', {},
      h('caption', {}, `${rules.length} rule${rules.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Match'), h('th', {}, 'Value'), h('th', {}, 'Added'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Remove')))),
      h('tbody', {}, ...rules.map(row))))
  } catch (error) {
    fill(table, message(errorText(error), 'error'))
  }
}

export function setUpBlocklist (): void {
  const form = byId<HTMLFormElement>('block-form')
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const field = byId<HTMLSelectElement>('block-field').value as Field
    const match = byId<HTMLSelectElement>('block-match').value as BlockRule['match']
    const input = byId<HTMLInputElement>('block-value')
    api.block({ field, match, value: input.value }).then(async ({ rule }) => {
      input.value = ''
      await showBlocklist(message(`Blocked ${rule.field} ${rule.match} "${rule.value}".`, 'ok'))
    }, (error: unknown) => {
      // INVALID_PATTERN and the like: the service's message says what is wrong with it.
      fill(byId('blocklist-status'), message(errorText(error), 'error'))
      input.focus()
    })
  })
}
