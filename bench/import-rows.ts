// Generated contacts tables in the seed's schema, with the faults real ones have: shared identifiers, hubs, bad rows, broken links.
import { prng } from './seed.js'

/** One row of the seed's contacts table (camelCase spelling). */
export interface GeneratedRow {
  id: number | string | null
  email: string | null
  phoneNumber: string | null
  linkedId: number | null
  linkPrecedence: 'primary' | 'secondary'
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

export interface GeneratedTable {
  /** In table order (by id), as an export would list them. */
  rows: GeneratedRow[]
  /** Ids of the rows the import must reject. */
  invalidIds: Set<number>
}

export interface GenerateOptions {
  seed?: number
  /** Share of rows in identities of several contacts (the others are alone). */
  shared?: number
  /** Phones that many rows carry (a call centre): each gets `hubSize` rows. */
  hubs?: number
  hubSize?: number
  /** Share of rows that are invalid (bad email, bad phone, nothing given). */
  invalid?: number
}

const START = Date.parse('2021-01-01T00:00:00Z')

/**
 * `count` rows. Creation times grow with the row's position, with ties; ids are mostly in that
 * order but not always (a primary is the oldest by createdAt, never by id alone). Source links
 * follow a naive implementation: a group's first row is primary and the others point at the row
 * they matched, which makes chains, and a group that merged later keeps two primaries.
 */
export function generateTable (count: number, options: GenerateOptions = {}): GeneratedTable {
  const random = prng(options.seed ?? 1)
  const { shared = 0.2, hubs = 0, hubSize = 30, invalid = 0.01 } = options
  const rows: GeneratedRow[] = []
  const invalidIds = new Set<number>()
  const phone = (n: number): string => String(200_000_000 + n * 7)
  let group: GeneratedRow[] = []
  let hubRows = 0
  for (let i = 0; i < count; i++) {
    const at = new Date(START + Math.floor(i / 3) * 60_000 + (i % 3 === 2 ? 0 : (i % 3) * 1000)).toISOString()
    const row: GeneratedRow = { id: i + 1, email: `person${i}@example.com`, phoneNumber: phone(i), linkedId: null, linkPrecedence: 'primary', createdAt: at, updatedAt: at, deletedAt: null }
    const roll = random()
    if (roll < invalid) {
      const fault = Math.floor(random() * 3)
      if (fault === 0) row.email = 'not-an-address'
      else if (fault === 1) row.phoneNumber = 'call me'
      else { row.email = null; row.phoneNumber = '' }
      invalidIds.add(i + 1)
    } else if (hubRows < hubs * hubSize && roll < invalid + 0.01) {
      // A call centre's phone on many people's rows.
      row.phoneNumber = phone(count + (hubRows % hubs))
      hubRows++
    } else if (roll < invalid + shared * 1.6 && group.length > 0 && group.length < 6) {
      // Shares the email or the phone of a row of the current group (a chain in the source),
      // sometimes both (a duplicate row: it brings nothing new).
      const other = group[Math.floor(random() * group.length)]!
      const how = random()
      if (how < 0.1) { row.email = other.email; row.phoneNumber = other.phoneNumber } else if (how < 0.55) row.email = other.email
      else row.phoneNumber = other.phoneNumber
      row.linkedId = Number(other.id)
      row.linkPrecedence = 'secondary'
      group.push(row)
    } else {
      group = random() < shared * 1.5 ? [row] : []
    }
    rows.push(row)
  }
  // Ids that disagree with creation order: a few neighbours swap ids (and the links follow).
  const idOf = rows.map((_, i) => i + 1)
  for (let i = 1; i + 1 < rows.length; i += 97) {
    if (invalidIds.has(i + 1) || invalidIds.has(i + 2)) continue
    ;[idOf[i], idOf[i + 1]] = [idOf[i + 1]!, idOf[i]!]
  }
  for (const row of rows) {
    row.id = idOf[Number(row.id) - 1]!
    if (row.linkedId !== null) row.linkedId = idOf[row.linkedId - 1]!
  }
  rows.sort((a, b) => Number(a.id) - Number(b.id))
  return { rows, invalidIds }
}

const CSV_COLUMNS = ['id', 'phoneNumber', 'email', 'linkedId', 'linkPrecedence', 'createdAt', 'updatedAt', 'deletedAt'] as const

/** The table as CSV with a header; empty fields for nulls, quotes where needed. */
export function toCsv (rows: readonly GeneratedRow[], columns: readonly string[] = CSV_COLUMNS): string {
  const quote = (value: unknown): string => {
    if (value === null || value === undefined) return ''
    const text = String(value)
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return [columns.join(','), ...rows.map(row => CSV_COLUMNS.map(column => quote(row[column])).join(','))].join('\n') + '\n'
}

/** The table as NDJSON, one row per line. */
export function toNdjson (rows: readonly GeneratedRow[]): string {
  return rows.map(row => JSON.stringify(row)).join('\n') + '\n'
}
