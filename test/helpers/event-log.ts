// Checks the evidence log against the stored contacts: complete, in order, and explaining every identity.
import type { FeedPage } from '../../client/src/index.js'
import { applyEvent, emptyMirror } from '../../examples/identity-mirror.js'
import type { App } from '../../src/app.js'
import type { EventDocument } from '../../src/db/models.js'
import { clustersOf } from './invariants.js'
import { readContacts, settle } from './test-app.js'

type Row = Awaited<ReturnType<typeof readContacts>>[number]

/** Every event, straight from the collection, in id order, once what `app` answered has its event numbered. */
export async function readEvents (app: App): Promise<EventDocument[]> {
  await settle(app)
  return await app.db.models.Event.find({}).sort({ _id: 1 }).lean<EventDocument[]>()
}

/**
 * The identities the evidence makes, worked out here from scratch (union-find): contacts that
 * share an email or phone, and contacts that carry the email or phone of a request that joined
 * identities. Undone evidence is left out. Each identity: its contact ids, ascending.
 */
export function evidenceComponents (rows: readonly Row[], events: readonly EventDocument[]): number[][] {
  const parent = new Map<number, number>(rows.map(row => [row._id, row._id]))
  const find = (id: number): number => {
    while (parent.get(id) !== id) id = parent.get(id)!
    return id
  }
  const union = (ids: number[]): void => {
    for (const id of ids.slice(1)) parent.set(find(id), find(ids[0]!))
  }
  const data = (event: EventDocument) => event.data as Record<string, unknown>
  const undoneJoins = new Set(events.filter(e => e.type === 'identity.split' || e.type === 'link.undone')
    .map(e => data(e).undone as { kind: string, eventId?: number }).filter(u => u.kind === 'merge').map(u => u.eventId))
  const undoneIdentifiers = events.filter(e => e.type === 'identity.split' || e.type === 'link.undone')
    .flatMap(e => {
      const undone = data(e).undone as { kind: string, field?: string, value?: string }
      return undone.kind === 'identifier' ? [{ eventId: e._id, key: `${undone.field}:${undone.value}`, covered: new Set(e.contactIds) }] : []
    })
  const carriers = (key: string): number[] => rows.filter(r => `email:${r.email}` === key || `phoneNumber:${r.phoneNumber}` === key).map(r => r._id)
  // An undone identifier links no one among the contacts the undo covered, unless a contact took it up since.
  // (Joins after the undo are new evidence: they link every carrier.)
  // `joinId`: the join asking; an undo only takes the identifier out of joins older than itself.
  const links = (key: string, joinId = 0): boolean => {
    const ids = carriers(key)
    return !undoneIdentifiers.some(u => u.key === key && u.eventId > joinId && ids.every(id => u.covered.has(id)))
  }
  for (const key of new Set(rows.flatMap(r => [`email:${r.email}`, `phoneNumber:${r.phoneNumber}`]))) {
    if (!key.endsWith(':null') && links(key)) union(carriers(key))
  }
  for (const event of events) {
    if (undoneJoins.has(event._id)) continue
    if (event.type === 'identities.merged' || event.type === 'merge.approved') {
      const join = data(event).join as { email: string | null, phoneNumber: string | null }
      const keys = [join.email && `email:${join.email}`, join.phoneNumber && `phoneNumber:${join.phoneNumber}`]
        .filter((k): k is string => Boolean(k)).filter(key => links(key, event._id))
      union(keys.flatMap(carriers))
    }
    if (event.type === 'links.backfilled') union(data(event).joinedContactIds as number[])
  }
  const components = new Map<number, number[]>()
  for (const row of rows) components.set(find(row._id), [...(components.get(find(row._id)) ?? []), row._id])
  return [...components.values()].map(ids => ids.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!)
}

/** Returns the problems found: an empty list when the log is complete and consistent with the contacts. */
export async function checkEventLog (app: App): Promise<string[]> {
  const all = await readContacts(app)
  const events = await readEvents(app)
  // Erased contacts keep their creation events; their identities are no one's evidence any more.
  const rows = all.filter(row => row.deletedAt == null)
  const problems: string[] = []
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.at < events[i - 1]!.at) problems.push(`event ${events[i]!._id} is older than event ${events[i - 1]!._id}`)
  }
  const creations = new Map<number, number>()
  for (const event of events.filter(e => e.type === 'contact.created')) {
    const id = (event.data as { contactId: number }).contactId
    creations.set(id, (creations.get(id) ?? 0) + 1)
  }
  for (const row of all) {
    const count = creations.get(row._id) ?? 0
    if (count !== 1) problems.push(`contact ${row._id} has ${count} creation events`)
  }
  const identities = [...clustersOf(rows).values()].map(members => members.map(m => m._id).sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!)
  const components = evidenceComponents(rows, events)
  if (JSON.stringify(identities) !== JSON.stringify(components)) {
    problems.push(`identities ${JSON.stringify(identities)} are not the components of the evidence ${JSON.stringify(components)}`)
  }
  // The feed alone says what happened: a consumer that applies it from the start, reading
  // nothing else, has the same identities (primaries included).
  const mirrored = await replayFeed(app)
  const stored = new Map(rows.map(row => [row._id, row.linkedId ?? row._id]))
  if (JSON.stringify([...mirrored].sort((a, b) => a[0] - b[0])) !== JSON.stringify([...stored].sort((a, b) => a[0] - b[0]))) {
    problems.push(`the feed replayed gives the primaries ${JSON.stringify([...mirrored])}, the contacts have ${JSON.stringify([...stored])}`)
  }
  return problems
}

/** Each contact's primary, as the example consumer's mirror has it after applying GET /events from the start. */
async function replayFeed (app: App): Promise<Map<number, number>> {
  const mirror = emptyMirror()
  for (;;) {
    const page = (await app.inject({ method: 'GET', url: `/events?after=${mirror.cursor}&limit=1000` })).json() as FeedPage
    for (const event of page.events) applyEvent(mirror, event)
    if (page.events.length === 0) break
    mirror.cursor = page.next
  }
  return new Map(Object.entries(mirror.contacts).map(([id, contact]) => [Number(id), contact.primaryId]))
}

interface Step { from: number, to: number, via: { kind: string, value?: string, eventId?: number } }

/**
 * Checks an explanation against the stored data: each step links two contacts by an identifier
 * both carry, or by a recorded join naming an identifier of each; the chain runs from `a` to `b`
 * and is as short as any (breadth-first over the same evidence, worked out here).
 */
export function checkChain (rows: readonly Row[], events: readonly EventDocument[], a: number, b: number, steps: readonly Step[]): string[] {
  const problems: string[] = []
  const byId = new Map(rows.map(row => [row._id, row]))
  const carries = (id: number, field: string, value: string | null | undefined): boolean =>
    value != null && (byId.get(id) as Record<string, unknown> | undefined)?.[field] === value
  const joins = new Map(events.filter(e => e.type === 'identities.merged' || e.type === 'merge.approved')
    .map(e => [e._id, (e.data as { join: { email: string | null, phoneNumber: string | null } }).join]))
  const linked = (x: number, y: number, via: Step['via']): boolean => {
    if (via.kind === 'email' || via.kind === 'phoneNumber') return carries(x, via.kind, via.value) && carries(y, via.kind, via.value)
    const join = joins.get(via.eventId ?? -1)
    if (join === undefined) return false
    const touches = (id: number): boolean => carries(id, 'email', join.email) || carries(id, 'phoneNumber', join.phoneNumber)
    return touches(x) && touches(y)
  }
  let at = a
  for (const step of steps) {
    if (step.from !== at) problems.push(`step from ${step.from} does not continue from ${at}`)
    if (!linked(step.from, step.to, step.via)) problems.push(`step ${step.from} -> ${step.to} via ${JSON.stringify(step.via)} is not evidence`)
    at = step.to
  }
  if (at !== b) problems.push(`chain ends at ${at}, not ${b}`)
  // The shortest length, breadth-first over contact pairs.
  const distance = new Map([[a, 0]])
  const queue = [a]
  while (queue.length > 0) {
    const x = queue.shift()!
    for (const row of rows) {
      if (distance.has(row._id)) continue
      const step = ['email', 'phoneNumber'].some(field => carries(x, field, (row as Record<string, unknown>)[field] as string | null)) ||
        [...joins.keys()].some(eventId => linked(x, row._id, { kind: 'request', eventId }))
      if (step) { distance.set(row._id, distance.get(x)! + 1); queue.push(row._id) }
    }
  }
  if (distance.get(b) !== steps.length) problems.push(`chain of ${steps.length} steps, the shortest has ${distance.get(b)}`)
  return problems
}
