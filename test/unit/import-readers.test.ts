// Reading import sources without a database: CSV edge cases (BOM, CRLF, quotes, both spellings, empty fields) and NDJSON.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsv } from '../../src/import/csv-reader.js'
import { readNdjson } from '../../src/import/ndjson-reader.js'
import { toSourceRow, type ReadItem } from '../../src/import/source-row.js'
import { openSource, UsageError } from '../../src/import/sources.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'import-readers-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

async function read (name: string, content: string, reader: (input: Readable) => AsyncGenerator<ReadItem>): Promise<ReadItem[]> {
  const path = join(dir, name)
  await writeFile(path, content)
  const items: ReadItem[] = []
  for await (const item of reader(createReadStream(path))) items.push(item)
  return items
}

const rowsOf = (items: ReadItem[]) => items.map(item => 'record' in item ? { line: item.line, ...toSourceRow(item.record) } : item)

describe('readCsv', () => {
  it('reads the seed spelling with a byte-order mark, CRLF line ends and empty fields as null', async () => {
    const csv = '\uFEFFid,phoneNumber,email,linkedId,linkPrecedence,createdAt,updatedAt,deletedAt\r\n' +
      '1,123456,lorraine@hillvalley.edu,,primary,2023-04-01T00:00:00Z,2023-04-01T00:00:00Z,\r\n' +
      '2,,mcfly@hillvalley.edu,1,secondary,2023-04-20T05:30:00Z,2023-04-20T05:30:00Z,\r\n'
    expect(rowsOf(await read('seed.csv', csv, readCsv))).toEqual([
      { line: 2, id: '1', phoneNumber: '123456', email: 'lorraine@hillvalley.edu', linkedId: null, linkPrecedence: 'primary', createdAt: '2023-04-01T00:00:00Z', deletedAt: null },
      { line: 3, id: '2', phoneNumber: null, email: 'mcfly@hillvalley.edu', linkedId: '1', linkPrecedence: 'secondary', createdAt: '2023-04-20T05:30:00Z', deletedAt: null }
    ])
  })

  it('reads the snake_case spelling and quoted fields with commas, quotes and line breaks', async () => {
    const csv = 'id,phone_number,email,linked_id,link_precedence,created_at,updated_at,deleted_at,notes\n' +
      '7,"+1 (415) 555-0100","""odd"",name@x.org",,primary,2023-01-01,2023-01-01,,"two\nlines"\n' +
      '8,"",b@x.org,7,secondary,2023-01-02,2023-01-02,,plain\n'
    const rows = rowsOf(await read('snake.csv', csv, readCsv))
    expect(rows).toEqual([
      { line: 3, id: '7', phoneNumber: '+1 (415) 555-0100', email: '"odd",name@x.org', linkedId: null, linkPrecedence: 'primary', createdAt: '2023-01-01', deletedAt: null },
      { line: 4, id: '8', phoneNumber: null, email: 'b@x.org', linkedId: '7', linkPrecedence: 'secondary', createdAt: '2023-01-02', deletedAt: null }
    ])
  })

  it('reports a record with the wrong number of columns, with its line, and reads on', async () => {
    const csv = 'id,email,phoneNumber,createdAt\n1,a@x.org,1,2023-01-01\n2,b@x.org\n3,c@x.org,3,2023-01-03\n'
    const items = await read('short.csv', csv, readCsv)
    expect(items.filter(item => 'error' in item)).toEqual([{ line: 3, error: expect.stringMatching(/unreadable CSV record/) }])
    expect(items.filter(item => 'record' in item).map(item => 'record' in item && item.record.id)).toEqual(['1', '3'])
  })

  it('refuses a header without the columns the import needs', async () => {
    await expect(read('bad-header.csv', 'id,mail,phone\n1,a@x.org,1\n', readCsv)).rejects.toThrow(/no column email, phoneNumber, createdAt/)
  })
})

describe('readNdjson', () => {
  it('reads objects by line, skips blank lines and reports lines that are not objects', async () => {
    const ndjson = '\uFEFF{"id":1,"email":"a@x.org","phoneNumber":123456,"createdAt":"2023-01-01"}\r\n\n[1]\n{oops\n{"id":2,"phone_number":"5","created_at":"2023-01-02"}\n'
    const items = await read('rows.ndjson', ndjson, readNdjson)
    expect(rowsOf(items)).toEqual([
      { line: 1, id: 1, email: 'a@x.org', phoneNumber: 123456, createdAt: '2023-01-01', linkedId: undefined, linkPrecedence: undefined, deletedAt: undefined },
      { line: 3, error: 'not a JSON object' },
      { line: 4, error: expect.stringMatching(/^not JSON/) },
      { line: 5, id: 2, email: undefined, phoneNumber: '5', createdAt: '2023-01-02', linkedId: undefined, linkPrecedence: undefined, deletedAt: undefined }
    ])
  })
})

describe('openSource', () => {
  it('tells the kinds of source apart and says what is missing', () => {
    expect(openSource('postgres://app:secret@db.example/crm', 'contact').name).toBe('postgres://app:***@db.example/crm table contact')
    expect(() => openSource('postgresql://db.example/crm', undefined)).toThrow(/needs --table/)
    expect(() => openSource('contacts.csv', 'contact')).toThrow(/--table is for PostgreSQL sources only/)
    expect(() => openSource('contacts.xlsx', undefined)).toThrow(UsageError)
    expect(() => openSource(join(dir, 'missing.csv'), undefined)).toThrow(/cannot read/)
  })
})
