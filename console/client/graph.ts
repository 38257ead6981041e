// The evidence graph, drawn by cytoscape.js: contacts, and one small node per piece of evidence joined to each contact it links.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular, type StylesheetJson } from 'cytoscape'
import { time } from './dom.js'
import type { EvidenceGraph, Step, Via } from './types.js'

// A link joins all its contacts at once (a hyperedge): drawn as a node of its own, any two of
// its contacts are two edges apart, so every step of an explanation can be highlighted.
const linkId = (index: number) => `link-${index}`
const contactId = (id: number) => `c${id}`

function linkLabel (via: Via): string {
  switch (via.kind) {
    case 'email': return via.value
    case 'phoneNumber': return `☎ ${via.value}`
    case 'request': return `request, event #${via.eventId}\n${time(via.at)}`
    case 'backfilled': return `backfilled, event #${via.eventId}\n${time(via.at)}`
  }
}

function sameEvidence (a: Via, b: Via): boolean {
  if (a.kind !== b.kind) return false
  if ((a.kind === 'email' || a.kind === 'phoneNumber') && (b.kind === 'email' || b.kind === 'phoneNumber')) return a.value === b.value
  return 'eventId' in a && 'eventId' in b && a.eventId === b.eventId
}

const STYLE: StylesheetJson = [
  { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'font-size': 12, 'font-family': 'system-ui, sans-serif', color: '#1f2328' } },
  {
    selector: 'node.contact',
    style: {
      shape: 'round-rectangle',
      width: 'label',
      height: 'label',
      padding: '8px',
      'text-valign': 'center',
      'text-halign': 'center',
      'background-color': '#ffffff',
      'border-width': 1,
      'border-color': '#8c959f'
    }
  },
  { selector: 'node.primary', style: { 'border-width': 3, 'border-color': '#0a3069', 'background-color': '#ddf4ff', 'font-weight': 'bold' } },
  { selector: 'node.link', style: { shape: 'ellipse', width: 12, height: 12, 'text-valign': 'bottom', 'text-margin-y': 3, 'font-size': 10, 'text-background-color': '#ffffff', 'text-background-opacity': 0.85 } },
  { selector: 'node.email', style: { 'background-color': '#0969da' } },
  { selector: 'node.phoneNumber', style: { 'background-color': '#1a7f37' } },
  { selector: 'node.request', style: { 'background-color': '#8250df', shape: 'diamond', width: 16, height: 16 } },
  { selector: 'node.backfilled', style: { 'background-color': '#6e7781', shape: 'diamond' } },
  { selector: 'edge', style: { width: 2, 'line-color': '#afb8c1', 'curve-style': 'straight' } },
  { selector: 'edge.email', style: { 'line-color': '#54aeff' } },
  { selector: 'edge.phoneNumber', style: { 'line-color': '#4ac26b' } },
  { selector: 'edge.request', style: { 'line-color': '#c297ff', 'line-style': 'dashed' } },
  { selector: 'node.picked', style: { 'border-width': 4, 'border-color': '#bf8700' } },
  { selector: '.faded', style: { opacity: 0.25 } },
  { selector: 'edge.path', style: { width: 5, 'line-color': '#cf222e', 'z-index': 10 } },
  { selector: 'node.link.path', style: { 'background-color': '#cf222e', width: 16, height: 16 } },
  { selector: 'node.contact.path', style: { 'border-color': '#cf222e', 'border-width': 4 } }
]

/** The drawing of one identity; `onPick` hears the contact clicked (or tapped). */
export class EvidenceDrawing {
  private readonly cy: Core
  private graph: EvidenceGraph | null = null

  constructor (private readonly container: HTMLElement, onPick: (contactId: number) => void) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.2, maxZoom: 3, wheelSensitivity: 0.3, boxSelectionEnabled: false, autounselectify: true })
    this.cy.on('tap', 'node.contact', (event) => { onPick(Number((event.target as NodeSingular).data('contactId'))) })
  }

  show (graph: EvidenceGraph): void {
    this.graph = graph
    // Oldest first: ids grow with creation time, and the layout keeps this order within each level.
    const rank = new Map([...graph.contacts].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id).map((c, i) => [contactId(c.id), i]))
    const elements: ElementDefinition[] = graph.contacts.map(c => ({
      group: 'nodes',
      data: { id: contactId(c.id), contactId: c.id, label: [`#${c.id}${c.id === graph.primaryContactId ? ' ★ primary' : ''}`, c.email, c.phoneNumber].filter(Boolean).join('\n') },
      classes: c.id === graph.primaryContactId ? 'contact primary' : 'contact'
    }))
    graph.links.forEach((link, index) => {
      const first = Math.min(...link.contactIds.map(id => rank.get(contactId(id)) ?? Infinity))
      elements.push({ group: 'nodes', data: { id: linkId(index), label: linkLabel(link.via), order: first }, classes: `link ${link.via.kind}` })
      for (const id of link.contactIds) {
        elements.push({ group: 'edges', data: { id: `${linkId(index)}-${id}`, source: linkId(index), target: contactId(id) }, classes: link.via.kind })
      }
    })
    const order = (node: NodeSingular) => node.hasClass('contact') ? rank.get(node.id()) ?? 0 : Number(node.data('order')) + 0.5
    this.cy.elements().remove()
    this.cy.add(elements)
    // A tree from the primary (the oldest contact), each level ordered oldest to newest; turned
    // to run left to right, which suits a wide box and reads in the order contacts came.
    this.cy.layout({
      name: 'breadthfirst',
      roots: [contactId(graph.primaryContactId)],
      directed: false,
      depthSort: (a, b) => order(a) - order(b),
      transform: (_node, position) => ({ x: position.y, y: position.x }),
      spacingFactor: 0.9,
      nodeDimensionsIncludeLabels: true,
      animate: false,
      padding: 20
    }).run()
    // What is drawn, for tests and tools that cannot read a canvas.
    this.container.dataset.contacts = String(graph.contacts.length)
    this.container.dataset.links = String(graph.links.length)
    this.container.dataset.highlighted = '0'
  }

  /** Marks the picked contacts (0, 1 or 2). */
  pick (ids: number[]): void {
    this.cy.nodes('.contact').removeClass('picked')
    for (const id of ids) this.cy.getElementById(contactId(id)).addClass('picked')
  }

  /** Highlights the chain of evidence between two contacts; an empty chain clears it. */
  highlight (steps: Step[]): void {
    this.cy.elements().removeClass('path faded')
    this.container.dataset.highlighted = '0'
    if (steps.length === 0 || this.graph === null) return
    const path = this.cy.collection()
    for (const step of steps) {
      const index = this.graph.links.findIndex(link =>
        sameEvidence(link.via, step.via) && link.contactIds.includes(step.from) && link.contactIds.includes(step.to))
      if (index < 0) continue
      path.merge(this.cy.getElementById(linkId(index)))
      for (const id of [step.from, step.to]) {
        path.merge(this.cy.getElementById(contactId(id))).merge(this.cy.getElementById(`${linkId(index)}-${id}`))
      }
    }
    path.addClass('path')
    this.cy.elements().not(path).addClass('faded')
    this.container.dataset.highlighted = String(path.edges().length)
  }

  /** After the container was hidden or resized. */
  refit (): void {
    this.cy.resize()
    this.cy.fit(undefined, 20)
  }

  destroy (): void { this.cy.destroy() }
}
