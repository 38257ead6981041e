// Erasure, always in two steps: the dry run (what would go, from where) is shown, then the operator confirms.
import { api } from './api.js'
import { h } from './dom.js'
import { confirmWithDryRun } from './dry-run-dialog.js'
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
  return await confirmWithDryRun({
    title: `Erase ${eraseTargetText(target)}`,
    titleId: 'erase-title',
    confirmLabel: 'Erase',
    run: async (dryRun) => await api.erase(target, dryRun),
    outcome,
    dryRunNote: 'Dry run: nothing has changed yet. An erasure cannot be undone.',
    confirmText: (dryRun) => `Erase ${dryRun.contactIds.length} contact${dryRun.contactIds.length === 1 ? '' : 's'}`,
    doneText: (done) => `Erased${done.eventId === null ? '' : ` (event #${done.eventId})`}.`,
    focusAfterDryRun: 'cancel'
  })
}
