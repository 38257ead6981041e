// Reads a source and decides everything the import will write, in memory: the report and the planned contacts and events.
import { createHash } from 'node:crypto'
import { compareAge } from '../identity/model/contact.js'
import type { Blocklist, HoldLimits } from '../identity/rules/guardrails.js'
import type { CountryCode } from '../identity/rules/normalize.js'
import { validateRow, type ImportRow } from './import-row.js'
import { countBlocked, histogram, listed, sourceLinks, type ImportReport } from './report.js'
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

/**
 * Reads every row, checks it like /identify, and applies the valid ones in age order (createdAt,
 * ties by id) to the rules in memory. Pure apart from reading `items`.
 */
export async function planImport (items: AsyncIterable<ReadItem>, options: PlanOptions): Promise<ImportPlan> {
  const rejected: ImportReport['rejected'] = { byReason: {}, rows: [] }
  const reject = (line: number, id: unknown, reason: string): void => {
    const kind = reason.split(/[:(]/)[0]!.trim()
    rejected.byReason[kind] = (rejected.byReason[kind] ?? 0) + 1
    listed(rejected.rows, { line, id, reason })
  }
  const blocked = new Map<string, ImportReport['guardrails']['blocked'][number]>()
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
  const byId = new Map<number, ImportRow>()
  const valid: ImportRow[] = []
  for (const row of rows) {
    const first = byId.get(row.id)
    if (first !== undefined) { reject(row.line, row.id, `duplicate id: line ${first.line} has it too (the older row is kept)`); continue }
    byId.set(row.id, row)
    valid.push(row)
  }

  const rules = new RulesInMemory(options.limits)
  const outcomes: Record<RowOutcome, number> = { created: 0, joined: 0, unchanged: 0, held: 0, 'held-again': 0 }
  const notCreated: ImportReport['notCreated'] = []
  const contacts: ImportRow[] = []
  const fingerprint = createHash('sha256')
  for (const row of valid) {
    fingerprint.update(`${row.id},${row.createdAt.getTime()},${row.email ?? ''},${row.phoneNumber ?? ''}\n`)
    const outcome = rules.apply(row)
    outcomes[outcome]++
    if (outcome === 'created') contacts.push(row)
    else listed(notCreated, { line: row.line, id: row.id, outcome })
  }

  const sizes: Array<{ primaryId: number, contacts: number }> = []
  for (const members of rules.identities(contacts)) sizes.push({ primaryId: members[0]!.id, contacts: members.length })
  const holds = rules.plannedHolds()
  const held: ImportReport['guardrails']['held'] = []
  for (const hold of holds) {
    const { row } = rules.events[hold.eventIndex]!
    listed(held, { line: row.line, id: row.id, reason: hold.reason, primaryIds: hold.primaryIds, rows: hold.count })
  }
  const report: ImportReport = {
    source: options.source,
    jobId: fingerprint.digest('hex').slice(0, 24),
    rows: { read, rejected: read - valid.length, valid: valid.length, ...outcomes },
    rejected,
    notCreated,
    identities: {
      count: sizes.length,
      histogram: histogram(sizes.map(s => s.contacts)),
      largest: sizes.sort((a, b) => b.contacts - a.contacts || a.primaryId - b.primaryId).slice(0, 10)
    },
    guardrails: {
      blocked: [...blocked.values()].sort((a, b) => b.rows - a.rows).slice(0, 1000),
      hubs: [...rules.hubs].map(([key, heldRows]) => {
        const [field, ...value] = key.split(':')
        return { field: field as 'email' | 'phoneNumber', value: value.join(':'), heldRows }
      }).sort((a, b) => b.heldRows - a.heldRows),
      held
    },
    sourceLinks: sourceLinks(rules.identities(contacts), byId)
  }
  return { report, valid, contacts, events: rules.events, holds }
}
