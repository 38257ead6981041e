// One row of a source table, whatever its spelling (seed camelCase or SQL snake_case), as the import reads it.

/** A record as a reader found it: column name -> value (strings from CSV, JSON values, pg values). */
export type SourceRecord = Record<string, unknown>

/** A record and where it was in the source (line of a file, ordinal of a table row), or why it could not be read. */
export type ReadItem =
  | { line: number, record: SourceRecord }
  | { line: number, error: string }

/** The columns the import knows, under one canonical name each. */
export interface SourceRow {
  id: unknown
  email: unknown
  phoneNumber: unknown
  linkedId: unknown
  linkPrecedence: unknown
  createdAt: unknown
  deletedAt: unknown
}

// Column names compared without case and underscores: `phoneNumber`, `phone_number` and
// PostgreSQL's folded `phonenumber` are one column.
const CANONICAL: Record<string, keyof SourceRow> = {
  id: 'id',
  email: 'email',
  phonenumber: 'phoneNumber',
  linkedid: 'linkedId',
  linkprecedence: 'linkPrecedence',
  createdat: 'createdAt',
  deletedat: 'deletedAt'
}

const canonicalName = (column: string): keyof SourceRow | undefined => CANONICAL[column.replaceAll('_', '').toLowerCase()]

/** The known columns of a record under their canonical names; other columns (updatedAt, extras) are ignored. */
export function toSourceRow (record: SourceRecord): SourceRow {
  const row: SourceRow = { id: undefined, email: undefined, phoneNumber: undefined, linkedId: undefined, linkPrecedence: undefined, createdAt: undefined, deletedAt: undefined }
  for (const [column, value] of Object.entries(record)) {
    const name = canonicalName(column)
    if (name !== undefined) row[name] = value
  }
  return row
}

/** The header's columns that the import needs but cannot find (id, email, phoneNumber, createdAt). */
export function missingColumns (columns: readonly string[]): string[] {
  const present = new Set(columns.map(canonicalName))
  return (['id', 'email', 'phoneNumber', 'createdAt'] as const).filter(name => !present.has(name))
}
