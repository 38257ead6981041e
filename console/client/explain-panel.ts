// Why two contacts are one identity: the chain of evidence between them, as a list beside the highlighted graph.
import { api, errorText } from './api.js'
import { via } from './describe.js'
import { fill, h, message } from './dom.js'
import type { Step } from './types.js'

export function describeStep (step: Step): string {
  return `#${step.from} — #${step.to}: ${via(step.via)}`
}

/** Asks the service for the chain between `from` and `to`, lists it in `panel` and answers its steps ([] when none). */
export async function explain (panel: HTMLElement, from: number, to: number): Promise<Step[]> {
  fill(panel, message(`Explaining #${from} and #${to}…`))
  try {
    const { steps } = await api.explain(from, to)
    fill(panel,
      h('p', {}, `#${from} and #${to} are one identity because:`),
      h('ol', { class: 'steps', 'aria-label': `Evidence from #${from} to #${to}` }, ...steps.map(step => h('li', {}, describeStep(step)))))
    return steps
  } catch (error) {
    fill(panel, message(errorText(error), 'error'))
    return []
  }
}
