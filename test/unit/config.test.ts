// Settings: one short line per bad value, aliases, .env under the environment, the database name.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, databaseName, loadConfig, wantsPrettyLogs } from '../../src/config.js'

async function configError (env: Record<string, string>): Promise<string> {
  const error = await loadConfig({ env }).then(() => undefined, (err: unknown) => err)
  expect(error).toBeInstanceOf(ConfigError)
  return (error as Error).message
}

describe('a bad value stops the start with one short line that names it', () => {
  it('lists the allowed values', async () => {
    const message = await configError({ LOG_LEVEL: 'loud' })
    expect(message).toBe('invalid configuration: LOG_LEVEL="loud" is not allowed: use one of fatal, error, warn, info, debug, trace, silent')
  })

  it('says what a region code looks like instead of listing 245 of them', async () => {
    const message = await configError({ PHONE_DEFAULT_REGION: 'xx' })
    expect(message).toMatch(/^invalid configuration: PHONE_DEFAULT_REGION="XX" is not allowed: use a two-letter ISO 3166 region code/)
    expect(message.length).toBeLessThan(200)
  })

  it('names every bad variable once, with its range', async () => {
    const message = await configError({ PORT: 'abc', MIGRATE_ON_START: 'yes', LOCK_LEASE_MS: '5' })
    expect(message).toContain('PORT="abc" is not allowed: use an integer from 0 to 65535')
    expect(message).toContain('MIGRATE_ON_START="yes" is not allowed: use true or false')
    expect(message).toContain('LOCK_LEASE_MS="5" is not allowed: use an integer from 100 to 600000')
    expect(message.split('PORT=')).toHaveLength(2)
  })

  it('checks that HOST is an address or a name that resolves', async () => {
    expect(await configError({ HOST: 'not_a_host' })).toMatch(/^invalid configuration: HOST="not_a_host" is not an IP address or a host name this machine resolves/)
    await expect(loadConfig({ env: { HOST: 'localhost' } })).resolves.toBeDefined()
    await expect(loadConfig({ env: { HOST: '::' } })).resolves.toBeDefined()
  })

  it('does not print a password from a connection string', async () => {
    const message = await configError({ MONGODB_URI: 'http://admin:s3cret@db.example' })
    expect(message).toContain('MONGODB_URI="http://admin:***@db.example"')
    expect(message).not.toContain('s3cret')
  })
})

describe('values', () => {
  it('accepts region codes in any case', async () => {
    expect((await loadConfig({ env: { PHONE_DEFAULT_REGION: 'us' } })).config.PHONE_DEFAULT_REGION).toBe('US')
  })

  it('treats an empty value as not set', async () => {
    const { config } = await loadConfig({ env: { PORT: '', MONGODB_URI: '', PHONE_DEFAULT_REGION: '' } })
    expect(config.PORT).toBe(3000)
    expect(config.MONGODB_URI).toBeUndefined()
    expect(config.PHONE_DEFAULT_REGION).toBeUndefined()
  })

  it('reads DATABASE_URL as MONGODB_URI, which wins when both are set', async () => {
    expect((await loadConfig({ env: { DATABASE_URL: 'mongodb://a/' } })).config.MONGODB_URI).toBe('mongodb://a/')
    expect((await loadConfig({ env: { DATABASE_URL: 'mongodb://a/', MONGODB_URI: 'mongodb://b/' } })).config.MONGODB_URI).toBe('mongodb://b/')
  })
})

describe('the database name', () => {
  it('is MONGODB_DB_NAME, else the one in the URI, else identity', () => {
    expect(databaseName('mongodb://host/mydb?replicaSet=rs0', 'other')).toBe('other')
    expect(databaseName('mongodb://host/mydb?replicaSet=rs0', undefined)).toBe('mydb')
    expect(databaseName('mongodb+srv://user:p%2Fw@a.example,b.example:27018/my-db', undefined)).toBe('my-db')
    expect(databaseName('mongodb://host/?directConnection=true', undefined)).toBe('identity')
    expect(databaseName('mongodb://host', undefined)).toBe('identity')
    expect(databaseName(undefined, undefined)).toBe('identity')
  })

  it('is resolved when the settings are loaded', async () => {
    expect((await loadConfig({ env: { MONGODB_URI: 'mongodb://h/fromuri' } })).config.MONGODB_DB_NAME).toBe('fromuri')
    expect((await loadConfig({ env: { MONGODB_URI: 'mongodb://h/fromuri', MONGODB_DB_NAME: 'named' } })).config.MONGODB_DB_NAME).toBe('named')
  })
})

describe('pretty logs', () => {
  it('only on a terminal, and never in production', () => {
    expect(wantsPrettyLogs(true, {})).toBe(true)
    expect(wantsPrettyLogs(true, { NODE_ENV: 'development' })).toBe(true)
    expect(wantsPrettyLogs(true, { NODE_ENV: 'production' })).toBe(false)
    expect(wantsPrettyLogs(false, {})).toBe(false)
    expect(wantsPrettyLogs(undefined, {})).toBe(false) // a pipe or a file: process.stdout.isTTY is undefined
  })
})

describe('a .env file', () => {
  let dir: string
  let envFile: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-dotenv-'))
    envFile = join(dir, '.env')
    // What a user following the original setup instructions writes, plus the template's empty lines.
    await writeFile(envFile, 'DATABASE_URL=mongodb://from-file:27017/filedb\nPORT=4000\nLOG_LEVEL=debug\nPHONE_DEFAULT_REGION=\n')
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('is read, and says which file it was', async () => {
    const loaded = await loadConfig({ env: {}, envFile })
    expect(loaded.envFile).toBe(envFile)
    expect(loaded.config).toMatchObject({ MONGODB_URI: 'mongodb://from-file:27017/filedb', MONGODB_DB_NAME: 'filedb', PORT: 4000, LOG_LEVEL: 'debug' })
    expect(loaded.config.PHONE_DEFAULT_REGION).toBeUndefined()
  })

  it('loses to the real environment', async () => {
    const { config } = await loadConfig({ env: { PORT: '5000', MONGODB_URI: 'mongodb://from-env/' }, envFile })
    expect(config).toMatchObject({ PORT: 5000, MONGODB_URI: 'mongodb://from-env/', LOG_LEVEL: 'debug' })
  })

  it('is named in the error when one of its values is bad', async () => {
    await expect(loadConfig({ env: { LOG_LEVEL: 'loud' }, envFile })).rejects.toThrow(`(environment, then ${envFile})`)
  })

  it('can start as a copy of .env.example, which gives the defaults', async () => {
    const { config } = await loadConfig({ env: {}, envFile: '.env.example' })
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', MONGODB_DB_NAME: 'identity', LOG_LEVEL: 'info', RESPONSE_SHAPE: 'flat' })
    expect(config.MONGODB_URI).toBeUndefined()
  })

  it('is optional', async () => {
    const loaded = await loadConfig({ env: {}, envFile: join(dir, 'missing.env') })
    expect(loaded.envFile).toBeUndefined()
  })
})
