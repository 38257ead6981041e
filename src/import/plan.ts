// Reads a source and decides everything the import will write, in memory: the report and the planned contacts and events.
import { createHash } from 'node:crypto'
import { compareAge } from '../identity/model/contact.js'
import type { Blocklist, HoldLimits } from '../identity/rules/guardrails.js'
import type { CountryCode } from '../identity/rules/normalize.js'
import { validateRow, type ImportRow } from './import-row.js'
import { countBlocked, histogram, LIST_LIMIT, listed, sourceLinks, type ImportReport } from './report.js'
import { RulesInMemory, type ImportEvent, type PlannedHold, type RowOutcome } from './rules-in-memory.js'
import { toSourceRow, type ReadItem } from './source-row.js'

export interface PlanOptions {
  /** Names the source in the report (a path, or a URL without its password). */
  source: string
  blocklist: Blocklist
  limits: HoldLimits
  region?: CountryCode | undefined
  /** Called every few thousand rows read, for progress. */
  onRead?: (rows: number) => void
}

export interface ImportPlan {
  report: ImportReport
  /** Every valid row, oldest first (--into-existing sends them through the service). */
  valid: ImportRow[]
  /** The contacts to write, oldest first, each in its final state. */
  contacts: ImportRow[]
  /** The events to write, in order: each row's creation, merges and holds, as rows one by one would leave them. */
  events: ImportEvent[]
  /** The held merges, as the `holds` collection keeps them. */
  holds: PlannedHold[]
}

type Rejected = ImportReport['rejected']
type Blocked = Map<string, ImportReport['guardrails']['blocked'][number]>

/**
 * Reads every row, checks it like /identify, and applies the valid ones in age order (createdAt,
 * ties by id) to the rules in memory. Pure apart from reading `items`.
 */
export async function planImport (items: AsyncIterable<ReadItem>, options: PlanOptions): Promise<ImportPlan> {
  const rejected: Rejected = { byReason: {}, rows: [] }
  const blocked: Blocked = new Map()
  const { read, valid } = await readValidRows(items, options, rejected, blocked)
  const rules = new RulesInMemory(options.limits)
  const outcomes: Record<RowOutcome, number> = { created: 0, joined: 0, unchanged: 0, held: 0, 'held-again': 0 }
  const notCreated: ImportReport['notCreated'] = []
  const contacts: ImportRow[] = []
  // The job: the same rows under the same settings (a different limit or blocklist makes a different plan).
  const fingerprint = createHash('sha256').update(JSON.stringify([options.limits, options.region ?? null, options.blocklist.rules.map(r => [r.field, r.match, r.value])]))
  for (const row of valid) {
    fingerprint.update(`${row.id},${row.createdAt.getTime()},${row.email ?? ''},${row.phoneNumber ?? ''}\n`)
    const outcome = rules.apply(row)
    outcomes[outcome]++
    if (outcome === 'created') contacts.push(row)
    else listed(notCreated, { line: row.line, id: row.id, outcome })
  }
  const holds = rules.plannedHolds()
  const report: ImportReport = {
    source: options.source,
    jobId: fingerprint.digest('hex').slice(0, 24),
    rows: { read, rejected: read - valid.length, valid: valid.length, ...outcomes },
    rejected,
    notCreated,
    identities: identitiesOf(rules, contacts),
    guardrails: {
      blocked: [...blocked.values()].sort((a, b) => b.rows - a.rows).slice(0, LIST_LIMIT),
      hubs: [...rules.hubs].map(([key, heldRows]) => {
        const [field, ...value] = key.split(':')
        return { field: field as 'email' | 'phoneNumber', value: value.join(':'), heldRows }
      }).sort((a, b) => b.heldRows - a.heldRows),
      held: holds.slice(0, LIST_LIMIT).map(hold => {
        const { row } = rules.events[hold.eventIndex]!
        return { line: row.line, id: row.id, reason: hold.reason, primaryIds: hold.primaryIds, rows: hold.count }
      })
    },
    sourceLinks: sourceLinks(rules.identities(contacts), new Map(valid.map(row => [row.id, row])))
  }
  return { report, valid, contacts, events: rules.events, holds }
}

/** The rows that pass the checks, oldest first, one per id (the older of two rows with one id); the others go to `rejected`. */
async function readValidRows (items: AsyncIterable<ReadItem>, options: PlanOptions, rejected: Rejected, blocked: Blocked): Promise<{ read: number, valid: ImportRow[] }> {
  const reject = (line: number, id: unknown, reason: string): void => {
    const kind = reason.split(/[:(]/)[0]!.trim()
    rejected.byReason[kind] = (rejected.byReason[kind] ?? 0) + 1
    listed(rejected.rows, { line, id, reason })
  }
  const rows: ImportRow[] = []
  let read = 0
  for await (const item of items) {
    read++
    if (read % 5000 === 0) options.onRead?.(read)
    if ('error' in item) { reject(item.line, null, item.error); continue }
    const source = toSourceRow(item.record)
    const checked = validateRow(source, item.line, options.blocklist, options.region)
    if ('reason' in checked) { reject(item.line, source.id ?? null, checked.reason); continue }
    countBlocked(blocked, checked.ignored)
    rows.push(checked.row)
  }
  options.onRead?.(read)
  rows.sort(compareAge)
  const lineOf = new Map<number, number>()
  const valid = rows.filter(row => {
    const first = lineOf.get(row.id)
    if (first !== undefined) reject(row.line, row.id, `duplicate id: line ${first} has it too (the older row is kept)`)
    else lineOf.set(row.id, row.line)
    return first === undefined
  })
  return { read, valid }
}

/** How many identities, their sizes, the largest. */
function identitiesOf (rules: RulesInMemory, contacts: readonly ImportRow[]): ImportReport['identities'] {
  const sizes: Array<{ primaryId: number, contacts: number }> = []
  for (const members of rules.identities(contacts)) sizes.push({ primaryId: members[0]!.id, contacts: members.length })
  return {
    count: sizes.length,
    histogram: histogram(sizes.map(s => s.contacts)),
    largest: sizes.sort((a, b) => b.contacts - a.contacts || a.primaryId - b.primaryId).slice(0, 10)
  }
}
