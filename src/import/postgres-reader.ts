// Reads a PostgreSQL table (the seed's schema in either spelling) as source records, a batch at a time.
import pg from 'pg'
import { missingColumns, type ReadItem } from './source-row.js'

// Rows per round trip: large enough to be fast, small enough to keep memory flat.
const BATCH = 5000

/** `schema.table` or `table`, quoted as an identifier so that a table name cannot inject SQL. */
export function quoteTable (client: pg.Client, table: string): string {
  return table.split('.').map(part => client.escapeIdentifier(part)).join('.')
}

/**
 * The table's rows in id order, read in batches by id (keyset pagination: each query is an index
 * range, and memory holds one batch). `line`: the row's position in that order.
 * @throws Error when the table lacks a column the import needs
 */
export async function * readPostgres (url: string, table: string): AsyncGenerator<ReadItem> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const name = quoteTable(client, table)
    const probe = await client.query(`SELECT * FROM ${name} LIMIT 0`)
    const columns = probe.fields.map(field => field.name)
    const missing = missingColumns(columns)
    if (missing.length > 0) throw new Error(`table ${table} has no column ${missing.join(', ')} (found: ${columns.join(', ')})`)
    const idColumn = columns.find(column => column.toLowerCase() === 'id')!
    const id = client.escapeIdentifier(idColumn)
    // Keyset pagination cannot reach rows without an id: each is reported, without a position.
    const { rows: [noId] } = await client.query(`SELECT count(*)::int AS n FROM ${name} WHERE ${id} IS NULL`)
    for (let n = 0; n < (noId as { n: number }).n; n++) yield { line: 0, error: 'id must be a positive integer (got null)' }
    let line = 0
    let after: unknown
    for (let first = true; ; first = false) {
      const { rows } = first
        ? await client.query(`SELECT * FROM ${name} WHERE ${id} IS NOT NULL ORDER BY ${id} LIMIT ${BATCH}`)
        : await client.query(`SELECT * FROM ${name} WHERE ${id} > $1 ORDER BY ${id} LIMIT ${BATCH}`, [after])
      for (const record of rows as Array<Record<string, unknown>>) yield { line: ++line, record }
      if (rows.length < BATCH) return
      after = (rows.at(-1) as Record<string, unknown>)[idColumn]
    }
  } finally {
    await client.end()
  }
}
