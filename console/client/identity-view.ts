// Find an identity, see its evidence graph, its contacts and evidence, its history; pick two contacts to see why they are one.
import { api, errorText } from './api.js'
import { via } from './describe.js'
import { byId, fill, h, message, time } from './dom.js'
import { explain } from './explain-panel.js'
import { EvidenceDrawing } from './graph.js'
import { showHistory } from './history-list.js'
import type { EvidenceGraph, Field, UndoTarget } from './types.js'
import { undoWithDryRun } from './undo-dialog.js'

type SearchKind = 'id' | Field

const EXAMPLES: Record<SearchKind, string> = { email: 'lorraine@hillvalley.edu', phoneNumber: '+1 415 555 0100', id: '42' }

export class IdentityView {
  private readonly drawing: EvidenceDrawing
  private graph: EvidenceGraph | null = null
  private picked: number[] = []

  constructor () {
    this.drawing = new EvidenceDrawing(byId('graph'), (id) => { this.pick(id) })
    const kind = byId<HTMLSelectElement>('search-kind')
    kind.addEventListener('change', () => { byId<HTMLInputElement>('search-value').placeholder = EXAMPLES[kind.value as SearchKind] })
    byId<HTMLFormElement>('search-form').addEventListener('submit', (event) => {
      event.preventDefault()
      this.search(kind.value as SearchKind, byId<HTMLInputElement>('search-value').value.trim()).catch(error => { this.fail(error) })
    })
  }

  private fail (error: unknown): void {
    fill(byId('search-status'), message(errorText(error), 'error'))
  }

  async search (kind: SearchKind, value: string): Promise<void> {
    if (value === '') return
    fill(byId('search-status'), message('Looking…'))
    if (kind === 'id') {
      if (!/^[1-9][0-9]*$/.test(value)) throw new Error('A contact id is a positive whole number')
      return await this.open(Number(value))
    }
    const { identities } = await api.identitiesBy(kind, value)
    const [first] = identities
    if (first === undefined) {
      byId('identity').hidden = true
      fill(byId('search-status'), message(`No identity holds ${kind === 'email' ? 'email' : 'phone'} ${value}.`))
      return
    }
    await this.open(first.primaryContactId)
  }

  /** Shows the identity of `contactId` (any of its contacts). */
  async open (contactId: number): Promise<void> {
    const graph = await api.evidence(contactId)
    this.graph = graph
    this.picked = []
    byId('identity').hidden = false
    fill(byId('search-status'))
    fill(byId('identity-title'), `Identity #${graph.primaryContactId}`,
      h('span', { class: 'muted' }, ` · ${graph.contactCount} contact${graph.contactCount === 1 ? '' : 's'} · ${graph.links.length} pieces of evidence`,
        graph.truncated ? ` (past the size limit: the oldest ${graph.contacts.length} contacts and their first events shown)` : ''))
    this.drawing.show(graph)
    this.drawing.refit()
    this.renderContacts()
    this.renderEvidence()
    fill(byId('explanation'), h('p', { class: 'muted' }, 'Pick two contacts, on the graph or with the Pick buttons, to see the evidence that joins them.'))
    await showHistory(byId('history'), graph.primaryContactId, (eventId) => { this.undo({ eventId }) })
  }

  private renderContacts (): void {
    const graph = this.graph
    if (graph === null) return
    const rows = [...graph.contacts].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id).map(c =>
      h('tr', { class: this.picked.includes(c.id) ? 'picked' : null },
        h('td', {}, `#${c.id}`, c.id === graph.primaryContactId ? h('span', { class: 'badge' }, 'primary') : null),
        h('td', {}, c.email ?? '—'),
        h('td', {}, c.phoneNumber ?? '—'),
        h('td', {}, time(c.createdAt)),
        h('td', {}, h('button', { type: 'button', class: 'small', 'aria-pressed': String(this.picked.includes(c.id)), onclick: () => { this.pick(c.id) } }, `Pick #${c.id}`))))
    fill(byId('contacts'), h('table', {},
      h('caption', {}, 'Contacts, oldest first'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Id'), h('th', {}, 'Email'), h('th', {}, 'Phone'), h('th', {}, 'Created'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Pick')))),
      h('tbody', {}, ...rows)))
  }

  private renderEvidence (): void {
    const graph = this.graph
    if (graph === null) return
    const items = graph.links.map(link => {
      const target: UndoTarget | null = link.via.kind === 'request'
        ? { eventId: link.via.eventId }
        : link.via.kind === 'email' ? { email: link.via.value } : link.via.kind === 'phoneNumber' ? { phoneNumber: link.via.value } : null
      const label = link.via.kind === 'request' ? `Undo merge #${link.via.eventId}…` : 'Undo links through it…'
      return h('li', {},
        h('span', {}, `${via(link.via)}: ${link.contactIds.map(id => `#${id}`).join(', ')}`),
        target === null ? null : h('button', { type: 'button', class: 'small', onclick: () => { this.undo(target) } }, label))
    })
    fill(byId('evidence'), items.length === 0 ? h('p', { class: 'muted' }, 'One contact, nothing links it.') : h('ul', { class: 'evidence-list' }, ...items))
  }

  /** A click on a contact: the first two picked are explained; a third starts again. */
  private pick (id: number): void {
    this.picked = this.picked.length >= 2 ? [id] : this.picked.includes(id) ? this.picked.filter(p => p !== id) : [...this.picked, id]
    this.drawing.pick(this.picked)
    this.drawing.highlight([])
    this.renderContacts()
    const [from, to] = this.picked
    if (from === undefined || to === undefined) {
      fill(byId('explanation'), h('p', { class: 'muted' }, from === undefined ? 'Pick two contacts.' : `#${from} picked: pick another contact.`))
      return
    }
    explain(byId('explanation'), from, to).then(steps => { this.drawing.highlight(steps) }, error => { this.fail(error) })
  }

  private undo (target: UndoTarget): void {
    const current = this.graph?.primaryContactId
    undoWithDryRun(target).then(async (result) => {
      // The identity may have split: reopen the part the operator was looking at.
      if (result !== null && current !== undefined) await this.open(current)
    }).catch(error => { this.fail(error) })
  }

  /** After the tab was hidden: the graph's container had no size. */
  shown (): void { if (this.graph !== null) this.drawing.refit() }
}
