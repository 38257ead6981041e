// Picks the reader for a source argument: a CSV or NDJSON file, or a PostgreSQL URL with a table.
import { readCsv } from './csv-reader.js'
import { readNdjson } from './ndjson-reader.js'
import { readPostgres } from './postgres-reader.js'
import type { ReadItem } from './source-row.js'

export class UsageError extends Error {}

export interface Source {
  /** For the report and the job: never a password. */
  name: string
  read (): AsyncGenerator<ReadItem>
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')

/** @throws UsageError for a source of no known kind, or a PostgreSQL URL without --table. */
export function openSource (source: string, table: string | undefined): Source {
  if (/^postgres(ql)?:\/\//.test(source)) {
    if (table === undefined) throw new UsageError('a PostgreSQL source needs --table <name>')
    return { name: `${withoutPassword(source)} table ${table}`, read: () => readPostgres(source, table) }
  }
  if (table !== undefined) throw new UsageError('--table is for PostgreSQL sources only')
  if (/\.csv$/i.test(source)) return { name: source, read: () => readCsv(source) }
  if (/\.(ndjson|jsonl)$/i.test(source)) return { name: source, read: () => readNdjson(source) }
  throw new UsageError(`cannot tell what ${source} is: name a .csv, .ndjson or .jsonl file, or a postgres:// URL`)
}
