// The import's report: what it read, rejected and would make, before anything is written.
import type { Blocked, Field } from '../identity/rules/guardrails.js'
import type { ImportRow } from './import-row.js'
import type { RowOutcome } from './rules-in-memory.js'

// Lists in the report stop here (their counts do not): a million bad rows must not make a
// report that no one can open.
export const LIST_LIMIT = 1000

export interface ImportReport {
  source: string
  /** The job the import writes under: the same rows give the same job, which a rerun resumes. */
  jobId: string
  rows: { read: number, rejected: number, valid: number } & Record<RowOutcome, number>
  rejected: { byReason: Record<string, number>, rows: Array<{ line: number, id: unknown, reason: string }> }
  /** Valid rows that make no contact, as /identify would make none: nothing new, a join, a held merge. */
  notCreated: Array<{ line: number, id: number, outcome: Exclude<RowOutcome, 'created'> }>
  identities: { count: number, histogram: Record<string, number>, largest: Array<{ primaryId: number, contacts: number }> }
  guardrails: {
    blocked: Array<{ field: Field, value: string, ruleId: string, rows: number }>
    /** Identifiers carried by more contacts than GENERIC_IDENTIFIER_LIMIT: rows naming them were held. */
    hubs: Array<{ field: Field, value: string, heldRows: number }>
    /** Each hold: the row that opened it, and how many rows it gathered (one pending hold per identity, as the service keeps them). */
    held: Array<{ line: number, id: number, reason: string, primaryIds: number[], rows: number }>
  }
  sourceLinks: {
    /** Contacts whose linkedId in the source differs from the one the rules give. */
    disagreeing: number
    rows: Array<{ id: number, line: number, sourceLinkedId: number | null, linkedId: number | null }>
    /** Identities that the source gave several primaries. */
    severalPrimaries: Array<{ primaryId: number, sourcePrimaryIds: number[] }>
    /** Rows linked to a row that is itself linked (a secondary of a secondary). */
    chains: Array<{ id: number, sourceLinkedId: number, parentLinkedId: number }>
    /** Rows linked to an id that no valid row has. */
    dangling: Array<{ id: number, sourceLinkedId: number }>
  }
}

/** Adds to a list that stops growing at LIST_LIMIT. */
export function listed<T> (list: T[], item: T): void {
  if (list.length < LIST_LIMIT) list.push(item)
}

const BUCKETS: Array<[number, string]> = [[1, '1'], [2, '2'], [3, '3'], [5, '4-5'], [10, '6-10'], [20, '11-20'], [50, '21-50'], [100, '51-100'], [Infinity, '>100']]

/** How many identities have each size, in buckets. */
export function histogram (sizes: Iterable<number>): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(BUCKETS.map(([, label]) => [label, 0]))
  for (const size of sizes) {
    const label = BUCKETS.find(([upTo]) => size <= upTo)![1]
    counts[label]!++
  }
  return counts
}

/** Blocked identifiers, counted by value and rule. */
export function countBlocked (blocked: Map<string, ImportReport['guardrails']['blocked'][number]>, ignored: readonly Blocked[]): void {
  for (const { field, value, ruleId } of ignored) {
    const key = `${field}:${value}:${ruleId}`
    const entry = blocked.get(key)
    if (entry === undefined) blocked.set(key, { field, value, ruleId, rows: 1 })
    else entry.rows++
  }
}

/** Where the source's links disagree with the identities the rules made. */
export function sourceLinks (identities: Iterable<ImportRow[]>, byId: ReadonlyMap<number, ImportRow>): ImportReport['sourceLinks'] {
  const links: ImportReport['sourceLinks'] = { disagreeing: 0, rows: [], severalPrimaries: [], chains: [], dangling: [] }
  for (const members of identities) {
    const sourcePrimaryIds = members.filter(m => m.sourcePrimary).map(m => m.id)
    if (sourcePrimaryIds.length > 1) listed(links.severalPrimaries, { primaryId: members[0]!.id, sourcePrimaryIds })
    for (const row of members) {
      if (row.sourceLinkedId !== row.linkedId) {
        links.disagreeing++
        listed(links.rows, { id: row.id, line: row.line, sourceLinkedId: row.sourceLinkedId, linkedId: row.linkedId })
      }
      if (row.sourceLinkedId === null) continue
      const parent = byId.get(row.sourceLinkedId)
      if (parent === undefined) listed(links.dangling, { id: row.id, sourceLinkedId: row.sourceLinkedId })
      else if (parent.sourceLinkedId !== null) listed(links.chains, { id: row.id, sourceLinkedId: row.sourceLinkedId, parentLinkedId: parent.sourceLinkedId })
    }
  }
  return links
}

/** The short summary for the terminal: counts only, no email or phone (those are in the file). */
export function summary (report: ImportReport): string {
  const { rows, identities, guardrails, sourceLinks: links } = report
  const reasons = Object.entries(report.rejected.byReason).map(([reason, n]) => `${n} ${reason}`).join('; ')
  return [
    `rows read ${rows.read}: ${rows.valid} valid, ${rows.rejected} rejected${reasons === '' ? '' : ` (${reasons})`}`,
    `contacts ${rows.created}; rows that make none: ${rows.unchanged} bring nothing new, ${rows.joined} join identities, ${rows.held + rows['held-again']} held`,
    `identities ${identities.count}; sizes ${Object.entries(identities.histogram).filter(([, n]) => n > 0).map(([size, n]) => `${size}: ${n}`).join(', ')}`,
    `guardrails: ${guardrails.blocked.reduce((n, b) => n + b.rows, 0)} identifiers blocked, ${guardrails.hubs.length} hubs, ${rows.held + rows['held-again']} rows held in ${rows.held} held merges`,
    `source links that disagree with the rules: ${links.disagreeing} rows, ${links.severalPrimaries.length} identities with several primaries, ${links.chains.length} chains, ${links.dangling.length} dangling`
  ].join('\n')
}
