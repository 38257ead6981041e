// Erasure, always in two steps: the dry run (what would go, from where) is shown, then the operator confirms.
import { api, errorText } from './api.js'
import { fill, h, message } from './dom.js'
import { identityCard } from './identity-card.js'
import type { EraseResult, EraseTarget } from './types.js'

export function eraseTargetText (target: EraseTarget): string {
  if ('contactId' in target) return `the person behind contact #${target.contactId}`
  return 'email' in target ? `the person behind email ${target.email}` : `the person behind phone ${target.phoneNumber}`
}

const ids = (list: number[]) => list.length === 0 ? 'none' : list.map(id => `#${id}`).join(', ')

function outcome (result: EraseResult): HTMLElement {
  const will = result.dryRun ? 'would' : 'did'
  return h('div', { class: 'erase-outcome' },
    identityCard(result.identity, `Identity #${result.identity.primaryContactId}`, false),
    h('ul', {},
      h('li', {}, `Contacts emptied (they stay as ids, answering 410): ${ids(result.contactIds)}`),
      h('li', {}, `Events whose causes and joins lose these emails and phones: ${ids(result.eventIds)}`),
      h('li', {}, `Held merges that name them (a pending one can only be rejected afterwards): ${ids(result.holdIds)}`),
      h('li', {}, result.suppressed
        ? `Later requests naming one of them ${will === 'would' ? 'would be' : 'are'} ignored until an admin lifts it.`
        : `Nothing ${will === 'would' ? 'would be' : 'is'} suppressed: a later request may store them again.`)
    ))
}

/** Opens the dialog for `target`; resolves with the erasure's result once done, or null if cancelled or refused. */
export async function eraseWithDryRun (target: EraseTarget): Promise<EraseResult | null> {
  const body = h('div', { class: 'dialog-body' }, message('Running the dry run…'))
  const confirm = h('button', { type: 'button', class: 'danger', disabled: true }, 'Erase')
  const cancel = h('button', { type: 'button' }, 'Cancel')
  const dialog = h('dialog', { class: 'undo-dialog', 'aria-labelledby': 'erase-title' },
    h('h2', { id: 'erase-title' }, `Erase ${eraseTargetText(target)}`), body, h('div', { class: 'actions' }, confirm, cancel))
  document.body.append(dialog)
  dialog.showModal()

  return await new Promise((resolve) => {
    let result: EraseResult | null = null
    const close = () => { dialog.close(); dialog.remove(); resolve(result) }
    cancel.addEventListener('click', close)
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close() })
    const failed = (error: unknown) => {
      fill(body, message(errorText(error), 'error'))
      confirm.disabled = true
    }

    api.erase(target, true).then((dryRun) => {
      fill(body, h('p', { class: 'dry-run-note' }, 'Dry run: nothing has changed yet. An erasure cannot be undone.'), outcome(dryRun))
      confirm.textContent = `Erase ${dryRun.contactIds.length} contact${dryRun.contactIds.length === 1 ? '' : 's'}`
      confirm.disabled = false
      cancel.focus()
    }, failed)

    confirm.addEventListener('click', () => {
      confirm.disabled = true
      api.erase(target, false).then((done) => {
        result = done
        fill(body, message(`Erased${done.eventId === null ? '' : ` (event #${done.eventId})`}.`, 'ok'), outcome(done))
        confirm.hidden = true
        cancel.textContent = 'Close'
        cancel.focus()
      }, failed)
    })
  })
}
