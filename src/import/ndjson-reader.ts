// Reads an NDJSON file (one JSON object per line) as source records.
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { ReadItem } from './source-row.js'

/** The file's objects (`input`: its bytes), each with its line; blank lines are skipped, a line that is not a JSON object is reported. */
export async function * readNdjson (input: Readable): AsyncGenerator<ReadItem> {
  const lines = createInterface({ input, crlfDelay: Infinity })
  let line = 0
  for await (const text of lines) {
    line++
    // A byte-order mark on the first line is not part of the JSON.
    const json = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim()
    if (json === '') continue
    let record: unknown
    try {
      record = JSON.parse(json)
    } catch (error) {
      yield { line, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` }
      continue
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) yield { line, error: 'not a JSON object' }
    else yield { line, record: record as Record<string, unknown> }
  }
}
