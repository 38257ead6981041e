// An identity's history as a timeline, oldest first, paged; merge events can be undone from here.
import { api } from './api.js'
import { event as describe, isMerge } from './describe.js'
import { append, fill, h, time } from './dom.js'
import type { IdentityEvent } from './types.js'

function item (e: IdentityEvent, onUndo: (eventId: number) => void): HTMLLIElement {
  return h('li', { class: `event ${e.type.replace('.', '-')}` },
    h('time', { datetime: e.at }, time(e.at)),
    h('span', { class: 'event-id' }, `#${e.id}`),
    h('span', { class: 'event-type' }, e.type),
    h('span', { class: 'event-text' }, describe(e)),
    e.actor === null ? null : h('span', { class: 'actor' }, `by ${e.actor}`),
    isMerge(e) ? h('button', { type: 'button', class: 'small', onclick: () => { onUndo(e.id) } }, `Undo merge #${e.id}…`) : null
  )
}

/** Fills `container` with the history of the identity of `contactId`, 100 events a page. */
export async function showHistory (container: HTMLElement, contactId: number, onUndo: (eventId: number) => void): Promise<void> {
  const list = h('ol', { class: 'timeline', 'aria-label': 'History, oldest first' })
  fill(container, list)
  let after = 0
  for (;;) {
    const page = await api.history(contactId, after)
    append(list, ...page.events.map(e => item(e, onUndo)))
    if (page.next === null) break
    after = page.next
    // One page at a time: long histories load on request, not all at once.
    const more = h('button', { type: 'button' }, 'Load more events')
    container.append(more)
    await new Promise<void>(resolve => more.addEventListener('click', () => { more.remove(); resolve() }, { once: true }))
  }
  if (list.children.length === 0) container.append(h('p', {}, 'No events.'))
}
