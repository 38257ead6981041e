// A tiny element builder: the page is plain DOM, text always set as text (never parsed as HTML).
type Child = Node | string | number | null | undefined | false
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>

/** `h('button', { class: 'x', onclick: f }, 'Save')`; `on*` attributes become listeners, false/null ones are left out. */
export function h<K extends keyof HTMLElementTagNameMap> (tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else if (value === true) element.setAttribute(name, '')
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value))
  }
  append(element, ...children)
  return element
}

export function append (parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.append(typeof child === 'object' ? child : String(child))
  }
}

/** Replaces an element's content. */
export function fill (parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, ...children)
}

export function byId<T extends HTMLElement = HTMLElement> (id: string): T {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`no element #${id}`)
  return element as T
}

/** A short local date and time, with seconds: events a second apart must read apart. */
export function time (iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

/** A status line: role=status reads it out; errors also get role=alert. */
export function message (text: string, kind: 'info' | 'error' | 'ok' = 'info'): HTMLParagraphElement {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text)
}
