// The Erase tab: erase the person behind a contact id, an email or a phone (dry run first), or lift a suppression.
import { api, errorText } from './api.js'
import { byId, fill, message } from './dom.js'
import { eraseWithDryRun } from './erase-dialog.js'
import type { EraseTarget } from './types.js'

type Kind = 'contactId' | 'email' | 'phoneNumber'

export function setUpErase (): void {
  byId<HTMLFormElement>('erase-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const kind = byId<HTMLSelectElement>('erase-kind').value as Kind
    const value = byId<HTMLInputElement>('erase-value').value.trim()
    const suppress = byId<HTMLInputElement>('erase-suppress').checked
    const status = byId('erase-status')
    if (value === '') return
    if (kind === 'contactId' && !/^[1-9][0-9]*$/.test(value)) { fill(status, message('A contact id is a positive whole number.', 'error')); return }
    const target: EraseTarget = kind === 'contactId' ? { contactId: Number(value), suppress } : kind === 'email' ? { email: value, suppress } : { phoneNumber: value, suppress }
    eraseWithDryRun(target).then((result) => {
      fill(status, result === null ? null : message(`Erased identity #${result.identity.primaryContactId}: ${result.contactIds.length} contact${result.contactIds.length === 1 ? '' : 's'} emptied.`, 'ok'))
    }).catch(() => {})
  })
  byId<HTMLFormElement>('lift-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const field = byId<HTMLSelectElement>('lift-field').value as 'email' | 'phoneNumber'
    const value = byId<HTMLInputElement>('lift-value').value.trim()
    if (value === '') return
    const status = byId('erase-status')
    api.lift(field === 'email' ? { email: value } : { phoneNumber: value }).then(() => {
      fill(status, message('Lifted: requests may store it again.', 'ok'))
    }, (error: unknown) => { fill(status, message(errorText(error), 'error')) })
  })
}
