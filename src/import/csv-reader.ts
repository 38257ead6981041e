// Reads a CSV file with a header (either spelling of the columns, a byte-order mark, CRLF, quotes) as source records.
import type { Readable } from 'node:stream'
import { parse, type CsvError } from 'csv-parse'
import { missingColumns, type ReadItem } from './source-row.js'

/**
 * The file's records (`input`: its bytes), each with the line it ends on; a record csv-parse cannot read (a column
 * count that differs from the header, a broken quote) is reported with its line and skipped.
 * Empty fields are null. @throws Error when the header lacks a column the import needs.
 */
export async function * readCsv (input: Readable): AsyncGenerator<ReadItem> {
  const skipped: ReadItem[] = []
  const parser = input.pipe(parse({
    bom: true,
    columns: (header: string[]) => {
      const missing = missingColumns(header)
      if (missing.length > 0) throw new Error(`the CSV header has no column ${missing.join(', ')} (found: ${header.join(', ')})`)
      return header
    },
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (error !== undefined) skipped.push({ line: Number(error.lines), error: `unreadable CSV record: ${error.message}` })
      return undefined
    }
  }))
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>, info: { lines: number } }>) {
    yield * skipped.splice(0)
    // The line the record ends on: a quoted field may span lines.
    // Empty fields are null (csv-parse's `cast` option would do it at ten times the cost).
    for (const column in record) if (record[column] === '') record[column] = null
    yield { line: info.lines, record }
  }
  yield * skipped.splice(0)
}
