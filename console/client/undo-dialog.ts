// Undo, always in two steps: the dry run (which identities it would make) is shown, then the operator confirms.
import { api, errorText } from './api.js'
import { describeStep } from './explain-panel.js'
import { fill, h, message } from './dom.js'
import { identityCard } from './identity-card.js'
import type { UndoResult, UndoTarget } from './types.js'

export function targetText (target: UndoTarget): string {
  if ('eventId' in target) return `merge event #${target.eventId}`
  return 'email' in target ? `every link through email ${target.email}` : `every link through phone ${target.phoneNumber}`
}

function outcome (result: UndoResult): HTMLElement {
  const verb = result.dryRun ? 'would become' : 'became'
  return h('div', { class: 'undo-outcome' },
    h('h3', {}, 'Before'),
    h('div', { class: 'cards' }, ...result.before.map(identity => identityCard(identity, undefined, false))),
    h('h3', {}, result.split ? `After: it ${verb} ${result.after.length} identities` : `After: nothing ${result.dryRun ? 'would split' : 'split'}`),
    h('div', { class: 'cards' }, ...result.after.map(identity => identityCard(identity, undefined, false))),
    result.stillJoinedBy !== null && result.stillJoinedBy.length > 0
      ? h('div', {}, h('p', {}, 'Other evidence still joins them:'), h('ol', { class: 'steps' }, ...result.stillJoinedBy.map(step => h('li', {}, describeStep(step)))))
      : null
  )
}

/** Opens the dialog for `target`; resolves with the undo's result once done, or null if cancelled or refused. */
export async function undoWithDryRun (target: UndoTarget): Promise<UndoResult | null> {
  const body = h('div', { class: 'dialog-body' }, message('Running the dry run…'))
  const confirm = h('button', { type: 'button', class: 'danger', disabled: true }, 'Undo it')
  const cancel = h('button', { type: 'button' }, 'Cancel')
  const dialog = h('dialog', { class: 'undo-dialog', 'aria-labelledby': 'undo-title' },
    h('h2', { id: 'undo-title' }, `Undo ${targetText(target)}`), body, h('div', { class: 'actions' }, confirm, cancel))
  document.body.append(dialog)
  dialog.showModal()

  return await new Promise((resolve) => {
    let result: UndoResult | null = null
    const close = () => { dialog.close(); dialog.remove(); resolve(result) }
    cancel.addEventListener('click', close)
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close() })
    const failed = (error: unknown) => {
      fill(body, message(errorText(error), 'error'))
      confirm.disabled = true
    }

    api.undo(target, true).then((dryRun) => {
      fill(body, h('p', { class: 'dry-run-note' }, 'Dry run: nothing has changed yet.'), outcome(dryRun))
      confirm.textContent = dryRun.split ? `Undo: make ${dryRun.after.length} identities` : 'Undo the link (nothing splits)'
      confirm.disabled = false
      confirm.focus()
    }, failed)

    confirm.addEventListener('click', () => {
      confirm.disabled = true
      api.undo(target, false).then((done) => {
        result = done
        fill(body, message(`Done${done.eventId === null ? '' : ` (event #${done.eventId})`}.`, 'ok'), outcome(done))
        confirm.hidden = true
        cancel.textContent = 'Close'
        cancel.focus()
      }, failed)
    })
  })
}
