// Picks the reader for a source argument: a CSV or NDJSON file, or a PostgreSQL URL with a table.
import { createReadStream, statSync, type ReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { readCsv } from './csv-reader.js'
import { readNdjson } from './ndjson-reader.js'
import { readPostgres } from './postgres-reader.js'
import type { ReadItem } from './source-row.js'

export class UsageError extends Error {}

export interface Source {
  /** For the report and the job: never a password. */
  name: string
  read (): AsyncGenerator<ReadItem>
  /** For a file: its size and how much of it was read, for the progress of the reading. */
  bytes?: { total: number, read: () => number }
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')

/** @throws UsageError for a source of no known kind, or a PostgreSQL URL without --table. */
export function openSource (source: string, table: string | undefined): Source {
  if (/^postgres(ql)?:\/\//.test(source)) {
    if (table === undefined) throw new UsageError('a PostgreSQL source needs --table <name>')
    return { name: `${withoutPassword(source)} table ${table}`, read: () => readPostgres(source, table) }
  }
  if (table !== undefined) throw new UsageError('--table is for PostgreSQL sources only')
  const reader = /\.csv$/i.test(source) ? readCsv : /\.(ndjson|jsonl)$/i.test(source) ? readNdjson : undefined
  if (reader === undefined) throw new UsageError(`cannot tell what ${source} is: name a .csv, .ndjson or .jsonl file, or a postgres:// URL`)
  return fileSource(source, reader)
}

function fileSource (path: string, reader: (input: Readable) => AsyncGenerator<ReadItem>): Source {
  let total: number
  try {
    total = statSync(path).size
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  let stream: ReadStream | undefined
  return {
    name: path,
    read: () => reader(stream = createReadStream(path)),
    bytes: { total, read: () => stream?.bytesRead ?? 0 }
  }
}
