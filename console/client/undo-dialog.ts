// Undo, always in two steps: the dry run (which identities it would make) is shown, then the operator confirms.
import { api } from './api.js'
import { describeStep } from './explain-panel.js'
import { h } from './dom.js'
import { confirmWithDryRun } from './dry-run-dialog.js'
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
  return await confirmWithDryRun({
    title: `Undo ${targetText(target)}`,
    titleId: 'undo-title',
    confirmLabel: 'Undo it',
    run: async (dryRun) => await api.undo(target, dryRun),
    outcome,
    dryRunNote: 'Dry run: nothing has changed yet.',
    confirmText: (dryRun) => dryRun.split ? `Undo: make ${dryRun.after.length} identities` : 'Undo the link (nothing splits)',
    doneText: (done) => `Done${done.eventId === null ? '' : ` (event #${done.eventId})`}.`,
    focusAfterDryRun: 'confirm'
  })
}
