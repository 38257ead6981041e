// A reference model of the contract's rules with the Trust section: blocked values, held merges,
// undo and erasure, written from the text to check the service against. Identities after an undo
// are the connected components of the evidence left, worked out here from scratch.
import type { Identity } from '../../src/identity/model/contact.js'
import { viewOf, type ModelContact } from './reference-model.js'

type Field = 'email' | 'phoneNumber'
const FIELDS: Field[] = ['email', 'phoneNumber']

export interface ModelLimits { identitySize: number, genericIdentifier: number }

export type ModelAnswer =
  | { status: 200, identity: Identity, ignored: Field[] }
  | { status: 202, identity: Identity, ignored: Field[], reason: 'identity-size' | 'generic-identifier' }
  | { status: 422 }

interface Join { seq: number, email: string | null, phoneNumber: string | null, undone: boolean }
interface UndoneIdentifier { seq: number, field: Field, value: string, covered: Set<number> }

export class TrustModel {
  readonly contacts: ModelContact[] = []
  readonly joins: Join[] = []
  private readonly blocked = new Set<string>()
  /** Erased contacts: they keep their ids and links, and nothing else. */
  private readonly erased = new Set<number>()
  /** Erased identifiers ("field:value"), ignored by requests until lifted. */
  readonly suppressed = new Set<string>()
  private readonly undoneIdentifiers: UndoneIdentifier[] = []
  private seq = 0

  constructor (private readonly limits: ModelLimits, private readonly builtIn: (field: Field, value: string) => boolean) {}

  isBlocked (field: Field, value: string): boolean {
    return this.blocked.has(`${field}:${value}`) || this.builtIn(field, value)
  }

  block (field: Field, value: string): void {
    this.blocked.add(`${field}:${value}`)
  }

  identify (rawEmail: string | null, rawPhone: string | null): ModelAnswer {
    const ignored = FIELDS.filter(field => {
      const v = field === 'email' ? rawEmail : rawPhone
      return v !== null && (this.isBlocked(field, v) || this.suppressed.has(`${field}:${v}`))
    })
    const email = ignored.includes('email') ? null : rawEmail
    const phoneNumber = ignored.includes('phoneNumber') ? null : rawPhone
    if (email === null && phoneNumber === null) return { status: 422 }
    const matches = this.contacts.filter(c => (email !== null && c.email === email) || (phoneNumber !== null && c.phoneNumber === phoneNumber))
    if (matches.length === 0) return { status: 200, identity: this.view(this.create(email, phoneNumber, null).id), ignored }
    const primaries = [...new Set(matches.map(c => c.linkedId ?? c.id))].sort((a, b) => a - b)
    const members = this.contacts.filter(c => primaries.includes(c.linkedId ?? c.id))
    const bringsNew = (email !== null && !members.some(c => c.email === email)) || (phoneNumber !== null && !members.some(c => c.phoneNumber === phoneNumber))
    // Guardrails: only a request that joins something is held.
    if (primaries.length > 1 || bringsNew) {
      const carriersJoined = FIELDS.some(field => {
        const value = field === 'email' ? email : phoneNumber
        return value !== null && members.filter(c => c[field] === value).length - 1 > this.limits.genericIdentifier
      })
      const size = members.length + (bringsNew ? 1 : 0)
      const reason = size > this.limits.identitySize ? 'identity-size' : carriersJoined ? 'generic-identifier' : undefined
      if (reason !== undefined) {
        const holding = matches.find(c => email !== null && c.email === email) ?? matches[0]!
        return { status: 202, identity: this.view(holding.linkedId ?? holding.id), ignored, reason }
      }
    }
    const primary = primaries[0]!
    for (const c of this.contacts) if (primaries.includes(c.linkedId ?? c.id) && c.id !== primary) c.linkedId = primary
    if (primaries.length > 1) this.joins.push({ seq: ++this.seq, email, phoneNumber, undone: false })
    if (bringsNew) this.create(email, phoneNumber, primary)
    return { status: 200, identity: this.view(primary), ignored }
  }

  /** Undoes the `index`-th join still in force; returns its position among all joins. */
  undoJoin (index: number): number | undefined {
    const live = this.joins.filter(j => !j.undone)
    const join = live[index % Math.max(live.length, 1)]
    if (join === undefined) return undefined
    join.undone = true
    this.seq++
    this.recompute()
    return this.joins.indexOf(join)
  }

  /** Undoes every link through a blocked identifier; false when no contact carries it. */
  undoIdentifier (field: Field, value: string): boolean {
    const carriers = this.contacts.filter(c => c[field] === value)
    if (carriers.length === 0) return false
    const roots = new Set(carriers.map(c => c.linkedId ?? c.id))
    const covered = new Set(this.contacts.filter(c => roots.has(c.linkedId ?? c.id)).map(c => c.id))
    this.undoneIdentifiers.push({ seq: ++this.seq, field, value, covered })
    this.recompute()
    return true
  }

  /** Contacts not erased, by id. */
  liveContactIds (): number[] {
    return this.contacts.filter(c => !this.erased.has(c.id)).map(c => c.id)
  }

  /**
   * Erases the identity of contact `id`: its contacts keep ids and links, nothing else; its
   * identifiers leave the joins and are suppressed, except blocked ones (other identities may
   * carry them: they stay in the joins and need no suppression).
   */
  erase (id: number): void {
    const contact = this.contacts.find(c => c.id === id)!
    const primary = contact.linkedId ?? contact.id
    const members = this.contacts.filter(c => (c.linkedId ?? c.id) === primary)
    const gone = new Set<string>()
    for (const member of members) {
      for (const field of FIELDS) {
        const value = member[field]
        if (value !== null && !this.isBlocked(field, value)) gone.add(`${field}:${value}`)
        member[field] = null
      }
      this.erased.add(member.id)
    }
    for (const join of this.joins) for (const field of FIELDS) if (join[field] !== null && gone.has(`${field}:${join[field]}`)) join[field] = null
    for (const name of gone) this.suppressed.add(name)
  }

  lift (name: string): void {
    this.suppressed.delete(name)
  }

  /**
   * Whether a contact still carries an identifier of the `index`-th join in force: after an
   * erasure it may name nothing, or only a blocked value no one carries any more.
   */
  /** The position among all joins of the `index`-th join in force. */
  joinPosition (index: number): number | undefined {
    const live = this.joins.filter(j => !j.undone)
    const join = live[index % Math.max(live.length, 1)]
    return join === undefined ? undefined : this.joins.indexOf(join)
  }

  joinReachesAnyone (index: number): boolean {
    const live = this.joins.filter(j => !j.undone)
    const join = live[index % Math.max(live.length, 1)]
    return join !== undefined && FIELDS.some(field => join[field] !== null && this.contacts.some(c => c[field] === join[field]))
  }

  view (primary: number): Identity {
    return viewOf(this.contacts, primary)
  }

  /** Identities become the components of the evidence left; each one's oldest contact is primary. */
  private recompute (): void {
    const parent = new Map(this.contacts.map(c => [c.id, c.id]))
    const find = (id: number): number => { while (parent.get(id) !== id) id = parent.get(id)!; return id }
    const union = (ids: number[]): void => { for (const id of ids.slice(1)) parent.set(find(id), find(ids[0]!)) }
    const carriers = (field: Field, value: string | null): number[] => value === null ? [] : this.contacts.filter(c => c[field] === value).map(c => c.id)
    // An undone identifier links none of the contacts it covered, unless one took it up since; a
    // join made after the undo links all its carriers.
    // `joinSeq`: asked for a join, whose identifier only undos after it take away.
    const cut = (field: Field, value: string, joinSeq?: number): boolean => {
      const ids = carriers(field, value)
      return this.undoneIdentifiers.some(u => u.field === field && u.value === value && (joinSeq === undefined || u.seq > joinSeq) && ids.every(id => u.covered.has(id)))
    }
    for (const field of FIELDS) {
      for (const value of new Set(this.contacts.map(c => c[field]))) if (value !== null && !cut(field, value)) union(carriers(field, value))
    }
    for (const join of this.joins.filter(j => !j.undone)) {
      union(FIELDS.flatMap(field => {
        const value = join[field]
        return value === null || cut(field, value, join.seq) ? [] : carriers(field, value)
      }))
    }
    const oldest = new Map<number, number>()
    for (const c of this.contacts) oldest.set(find(c.id), Math.min(oldest.get(find(c.id)) ?? Infinity, c.id))
    // Erased contacts keep their links: no evidence names them any more.
    for (const c of this.contacts.filter(c => !this.erased.has(c.id))) {
      const primary = oldest.get(find(c.id))!
      c.linkedId = primary === c.id ? null : primary
    }
  }

  private create (email: string | null, phoneNumber: string | null, linkedId: number | null): ModelContact {
    const contact = { id: this.contacts.length + 1, email, phoneNumber, linkedId }
    this.contacts.push(contact)
    return contact
  }
}
