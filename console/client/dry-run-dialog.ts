// A dialog for an operation that cannot be taken back lightly: its dry run is shown first, and it runs only when the operator confirms.
import { errorText } from './api.js'
import { fill, h, message } from './dom.js'

export interface DryRunDialog<R> {
  /** The dialog's heading, and the id it is labelled by. */
  title: string
  titleId: string
  /** The confirm button's label until the dry run has answered. */
  confirmLabel: string
  /** Asks the service: a dry run first, then the real thing. */
  run: (dryRun: boolean) => Promise<R>
  /** What the answer says will change (dry run) or changed. */
  outcome: (result: R) => HTMLElement
  dryRunNote: string
  /** The confirm button's label once the dry run has said what it would do. */
  confirmText: (dryRun: R) => string
  doneText: (done: R) => string
  /** Which button has the focus after the dry run: the safe one where the step is final. */
  focusAfterDryRun: 'confirm' | 'cancel'
}

/** Opens the dialog; resolves with the operation's result once done, or null if cancelled or refused. */
export async function confirmWithDryRun<R> (spec: DryRunDialog<R>): Promise<R | null> {
  const body = h('div', { class: 'dialog-body' }, message('Running the dry run…'))
  const confirm = h('button', { type: 'button', class: 'danger', disabled: true }, spec.confirmLabel)
  const cancel = h('button', { type: 'button' }, 'Cancel')
  const dialog = h('dialog', { class: 'undo-dialog', 'aria-labelledby': spec.titleId },
    h('h2', { id: spec.titleId }, spec.title), body, h('div', { class: 'actions' }, confirm, cancel))
  document.body.append(dialog)
  dialog.showModal()

  return await new Promise((resolve) => {
    let result: R | null = null
    const close = () => { dialog.close(); dialog.remove(); resolve(result) }
    cancel.addEventListener('click', close)
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close() })
    const failed = (error: unknown) => {
      fill(body, message(errorText(error), 'error'))
      confirm.disabled = true
    }

    spec.run(true).then((dryRun) => {
      fill(body, h('p', { class: 'dry-run-note' }, spec.dryRunNote), spec.outcome(dryRun))
      confirm.textContent = spec.confirmText(dryRun)
      confirm.disabled = false
      ;(spec.focusAfterDryRun === 'confirm' ? confirm : cancel).focus()
    }, failed)

    confirm.addEventListener('click', () => {
      confirm.disabled = true
      spec.run(false).then((done) => {
        result = done
        fill(body, message(spec.doneText(done), 'ok'), spec.outcome(done))
        confirm.hidden = true
        cancel.textContent = 'Close'
        cancel.focus()
      }, failed)
    })
  })
}
