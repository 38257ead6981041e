// The Undo tab: undo one merge by its event id, or every link through an identifier; both show the dry run first.
import { byId, fill, message } from './dom.js'
import type { Field, UndoTarget } from './types.js'
import { undoWithDryRun } from './undo-dialog.js'

function start (target: UndoTarget): void {
  undoWithDryRun(target).then((result) => {
    const status = byId('undo-status')
    fill(status, result === null ? null : message(`Undone: the identities are now ${result.after.map(identity => `#${identity.primaryContactId}`).join(', ')}.`, 'ok'))
  }).catch(() => {})
}

export function setUpUndo (): void {
  byId<HTMLFormElement>('undo-merge-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const value = byId<HTMLInputElement>('undo-event').value.trim()
    if (!/^[1-9][0-9]*$/.test(value)) { fill(byId('undo-status'), message('An event id is a positive whole number.', 'error')); return }
    start({ eventId: Number(value) })
  })
  byId<HTMLFormElement>('undo-identifier-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const field = byId<HTMLSelectElement>('undo-field').value as Field
    const value = byId<HTMLInputElement>('undo-value').value.trim()
    if (value === '') return
    start(field === 'email' ? { email: value } : { phoneNumber: value })
  })
}
