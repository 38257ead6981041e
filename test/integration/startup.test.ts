// The real entry point: settings checked before anything starts, .env read, the deployment mode logged.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mongoose from 'mongoose'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { hashKey, keyLine, mintKey, parseKeyLines } from '../../src/access/keys.js'
import { runEntry, runEntryInTerminal, uriWithDatabase, waitForLine, waitForOutput } from '../helpers/spawn-entry.js'

const database = `test_startup_${randomUUID().replaceAll('-', '').slice(0, 12)}`
afterAll(async () => {
  const connection = await mongoose.createConnection(inject('mongodbUri'), { dbName: database }).asPromise()
  await connection.dropDatabase()
  await connection.close()
})

describe('npm start', () => {
  it('stops on a bad setting with one line that names it, before any database starts', async () => {
    const server = runEntry('src/server.ts', { LOG_LEVEL: 'loud' })
    expect(await server.exited).toBe(1)
    const lines = server.lines()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 60, msg: 'start-up failed: invalid configuration: LOG_LEVEL="loud" is not allowed: use one of fatal, error, warn, info, debug, trace, silent' })
    expect(server.output()).not.toMatch(/embedded|FerretDB|mongodb-memory-server|\n\s+at /)
  })

  it('refuses a production start without keys, in one line that says how to mint one', async () => {
    const server = runEntry('src/server.ts', { NODE_ENV: 'production', HOST: '0.0.0.0' })
    expect(await server.exited).toBe(1)
    const lines = server.lines()
    expect(lines).toHaveLength(1)
    expect(lines[0]?.msg).toMatch(/^start-up failed: invalid configuration: no API key is configured .*npm run key:new -- --name <caller> --scopes identify/)
  })

  it('reloads API_KEYS_FILE on SIGHUP: a removed key stops working, and the service goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-reload-'))
    const old = mintKey('checkout', ['identify'])
    const next = mintKey('checkout', ['identify'])
    const file = join(dir, 'keys')
    await writeFile(file, `${keyLine(old.entry)}\n${keyLine(next.entry)}\n`)
    const server = runEntry('src/server.ts', { MONGODB_URI: uriWithDatabase(inject('mongodbUri'), database), PORT: '0', LOG_LEVEL: 'info', API_KEYS_FILE: file })
    try {
      const listening = await waitForLine(server, line => typeof line.msg === 'string' && line.msg.startsWith('Server listening'))
      const port = /:(\d+)$/.exec(String(listening.msg))?.[1]
      const call = async (key: string) => (await fetch(`http://127.0.0.1:${port}/contacts/1`, { headers: { authorization: `Bearer ${key}` } })).status
      expect(await call(old.key)).toBe(404)
      await writeFile(file, `${keyLine(next.entry)}\n`)
      server.child.kill('SIGHUP')
      await waitForLine(server, line => line.msg === 'API keys reloaded')
      expect(await call(old.key)).toBe(401)
      expect(await call(next.key)).toBe(404)
    } finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads .env (DATABASE_URL, as the original instructions wrote it), says so, and logs its deployment mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-start-'))
    try {
      await writeFile(join(dir, '.env'), `DATABASE_URL=${uriWithDatabase(inject('mongodbUri'), database)}\nPORT=0\n# the template's empty values mean "not set"\nPHONE_DEFAULT_REGION=\n`)
      const server = runEntry('src/server.ts', { LOG_LEVEL: 'info' }, dir)
      try {
        await waitForLine(server, line => typeof line.msg === 'string' && line.msg.startsWith('Server listening'))
        const lines = server.lines()
        expect(lines.find(line => line.envFile === join(dir, '.env'))?.msg).toBe(`settings read from ${join(dir, '.env')} (the environment wins over it)`)
        // The database named in the URI, and whether requests run in transactions.
        const mode = lines.find(line => typeof line.transactions === 'boolean')
        expect(mode).toMatchObject({ database })
        expect(mode?.msg).toMatch(mode?.transactions === true ? /runs transactions/ : /has no transactions/)
        const port = /:(\d+)$/.exec(String(lines.find(line => String(line.msg).startsWith('Server listening'))?.msg))?.[1]
        const response = await fetch(`http://127.0.0.1:${port}/identify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"lorraine@hillvalley.edu"}' })
        expect(response.status).toBe(200)
      } finally {
        server.child.kill('SIGTERM')
        expect(await server.exited).toBe(0)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('starts without any warning from Node or Fastify (deprecations included): the uses are fixed, not silenced', async () => {
    // Empty NODE_OPTIONS and NODE_NO_WARNINGS: nothing inherited may hide a warning from this test.
    const server = runEntry('src/server.ts', { MONGODB_URI: uriWithDatabase(inject('mongodbUri'), database), PORT: '0', LOG_LEVEL: 'info', NODE_OPTIONS: '', NODE_NO_WARNINGS: '' })
    try {
      await waitForLine(server, line => typeof line.msg === 'string' && line.msg.startsWith('Server listening'))
      // Node prints process warnings as `(node:PID) [CODE] Name: message` on stderr.
      expect(server.output().split('\n').filter(line => /^\(node:\d+\) /.test(line))).toEqual([])
    } finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    }
  })
})

describe('npm start in a terminal', () => {
  const settings = (): Record<string, string> => ({ MONGODB_URI: uriWithDatabase(inject('mongodbUri'), database), PORT: '0', LOG_LEVEL: 'info' })

  it('logs pretty one-liners (pino-pretty): time, level, message, then the fields on the same line', async () => {
    const server = runEntryInTerminal('src/server.ts', settings())
    try {
      const text = await waitForOutput(server, /Server listening at http:/)
      const lines = text.split(/\r?\n/).filter(line => line.trim() !== '')
      expect(lines.filter(line => line.startsWith('{'))).toEqual([])
      expect(lines).toContainEqual(expect.stringMatching(/^\[\d\d:\d\d:\d\d UTC\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+$/))
      // The deployment mode's fields follow its message on the same line.
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[[\\d:]+ UTC\\] INFO: database (runs|has no) transactions.* \\{"database":"${database}","transactions":(true|false)\\}$`)))
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })

  it('keeps JSON lines when NODE_ENV=production', async () => {
    const server = runEntryInTerminal('src/server.ts', { ...settings(), NODE_ENV: 'production' })
    try {
      expect(await waitForLine(server, line => typeof line.msg === 'string' && line.msg.startsWith('Server listening'))).toMatchObject({ level: 30 })
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })
})

describe('npm run key:new', () => {
  it('prints a new key once and the line that configures it, which holds only its hash', async () => {
    const mint = runEntry('src/access/key-new-cli.ts', {}, undefined, ['--name', 'checkout', '--scopes', 'identify,read'])
    expect(await mint.exited, mint.output()).toBe(0)
    const key = /^ {2}(idk_\S+)$/m.exec(mint.output())?.[1]
    const line = /^checkout .*$/m.exec(mint.output())?.[0]
    expect(key).toBeDefined()
    expect(line).toBe(`checkout identify,read sha256:${hashKey(key!)}`)
    expect(parseKeyLines(line!).problems).toEqual([])
  })

  it('refuses a bad name or scope, saying what is allowed', async () => {
    const mint = runEntry('src/access/key-new-cli.ts', {}, undefined, ['--name', 'checkout', '--scopes', 'write'])
    expect(await mint.exited).toBe(2)
    expect(mint.output()).toContain('scopes must be a comma-separated list of identify, read, feed, admin (not write)')
    expect(mint.output()).not.toContain('idk_')
  })
})

describe('npm run db:migrate', () => {
  it('can run twice: the second run finds everything in place', async () => {
    const env = { MONGODB_URI: uriWithDatabase(inject('mongodbUri'), database), LOG_LEVEL: 'info' }
    for (const run of [1, 2]) {
      const migrate = runEntry('src/db/migrate-cli.ts', env)
      expect(await migrate.exited, `run ${run}: ${migrate.output()}`).toBe(0)
      expect(migrate.lines().at(-1)).toMatchObject({ msg: 'collections and indexes are in place', database, collections: ['contacts', 'events', 'locks', 'leases', 'holds', 'pendingEvents', 'counters', 'blocklist', 'suppressions', 'identifierClaims'] })
    }
    const connection = await mongoose.createConnection(inject('mongodbUri'), { dbName: database }).asPromise()
    const indexes = (await connection.db?.collection('contacts').indexes())?.map(index => Object.keys(index.key).join(','))
    await connection.close()
    expect(indexes).toEqual(expect.arrayContaining(['email', 'phoneNumber', 'linkedId']))
  })

  it('refuses to run without a database to migrate', async () => {
    const migrate = runEntry('src/db/migrate-cli.ts', {})
    expect(await migrate.exited).toBe(1)
    expect(migrate.lines().at(-1)?.msg).toMatch(/^migration failed: invalid configuration: MONGODB_URI \(or DATABASE_URL\) is not set/)
  })
})
