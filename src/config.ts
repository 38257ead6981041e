// The service's settings: one TypeBox schema gives the validation, the defaults and the type.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import fastifyEnv from '@fastify/env'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { getCountries } from 'libphonenumber-js/max'
import { Type, type Static } from 'typebox'
import { accessPolicy } from './access/access-policy.js'
import { loadKeys } from './access/keys.js'
import { checkHost, ConfigError, describeConfigErrors } from './config-errors.js'

export { ConfigError } from './config-errors.js'

const int = (minimum: number, maximum: number, fallback: number) => Type.Integer({ minimum, maximum, default: fallback })
const oneOf = (values: string[], options: { default?: string, description?: string } = {}) =>
  Type.Union(values.map(value => Type.Literal(value)), options)

// Requests per key and RATE_LIMIT_WINDOW_MS on the routes of one scope; unset: no limit.
const rateLimit = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'a number of requests from 1 to 1000000' }))

export const ConfigSchema = Type.Object({
  PORT: int(0, 65535, 3000),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an IP address or a host name to listen on' }),
  MONGODB_URI: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://', description: 'a connection string starting with mongodb:// or mongodb+srv://' })),
  MONGODB_DB_NAME: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$', description: '1 to 63 letters, digits, "_" or "-"' })),
  MONGODB_TIMEOUT_MS: int(100, 60_000, 2000),
  MONGODB_MAX_POOL_SIZE: int(1, 1000, 20),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  LOG_CONTACT_DETAILS: Type.Boolean({ default: false }),
  PHONE_DEFAULT_REGION: Type.Optional(oneOf(getCountries(), { description: 'a two-letter ISO 3166 region code such as US, GB, DE or IN (any case)' })),
  RESPONSE_SHAPE: oneOf(['flat', 'wrapped'], { default: 'flat' }),
  BODY_LIMIT_BYTES: int(256, 1_048_576, 16_384),
  TRANSACTION_TIMEOUT_MS: int(100, 120_000, 5000),
  LOCK_LEASE_MS: int(100, 600_000, 15_000),
  CONFLICT_RETRIES: int(1, 1000, 50),
  NODE_ENV: Type.String({ default: 'development', description: 'production, or anything else' }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'a bearer token of at least 16 characters: one admin key named "admin"' })),
  API_KEYS_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a file of keys, one line each as npm run key:new prints it' })),
  AUTH: oneOf(['keys', 'off'], { default: 'keys' }),
  DOCS_AND_METRICS: oneOf(['open', 'key'], { default: 'open' }),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000, 60_000),
  RATE_LIMIT_IDENTIFY: rateLimit,
  RATE_LIMIT_READ: rateLimit,
  RATE_LIMIT_FEED: rateLimit,
  RATE_LIMIT_ADMIN: rateLimit,
  IDENTITY_SIZE_LIMIT: int(2, 1_000_000, 100),
  GENERIC_IDENTIFIER_LIMIT: int(1, 1_000_000, 10),
  BLOCKLIST_REFRESH_MS: int(100, 600_000, 2000),
  BLOCKLIST_PATTERN_LIMIT: int(0, 10_000, 50),
  ERASURE_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'a random secret of at least 32 characters that keys the hashes of erased identifiers (unset: an erasure cannot suppress)' }))
})

/** The settings; MONGODB_DB_NAME is resolved (see databaseName). */
export type Config = Omit<Static<typeof ConfigSchema>, 'MONGODB_DB_NAME'> & { MONGODB_DB_NAME: string }
type Env = Record<string, string | undefined>

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

export interface ConfigPluginOptions {
  /** The environment to read; `process.env` unless a test passes its own. */
  env?: Env | undefined
  /**
   * A dotenv file read under the environment (the environment wins). Default: `.env` in the
   * working directory when `env` is `process.env`, none when a caller passes its own `env`.
   */
  envFile?: string | false | undefined
}

export interface LoadedConfig {
  config: Config
  /** The settings as strings after merging the file and aliases: hand them to buildApp({ env }). */
  env: Env
  /** The absolute path of the dotenv file that was read, if any. */
  envFile: string | undefined
}

const DEFAULT_DATABASE = 'identity'

/** The database named in a connection string's path (`mongodb://host/mydb?…` → `mydb`), if any. */
export function databaseInUri (uri: string): string | undefined {
  // Credentials and hosts end at the first "/" after the scheme (one in a password is %-encoded).
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1]
  return path === undefined || path === '' ? undefined : decodeURIComponent(path)
}

/** MongoDB's convention: the URI's path names the database; MONGODB_DB_NAME overrides it. */
export function databaseName (uri: string | undefined, configured: string | undefined): string {
  return configured ?? (uri === undefined ? undefined : databaseInUri(uri)) ?? DEFAULT_DATABASE
}

// Every variable the service reads, as plain strings: the first pass only merges the sources.
const RawEnvSchema = Type.Object(Object.fromEntries(
  [...Object.keys(ConfigSchema.properties), 'DATABASE_URL'].map(name => [name, Type.Optional(Type.String())])
))

/** Reads the dotenv file (through @fastify/env) under the environment, then tidies the values. */
async function readSources (options: ConfigPluginOptions): Promise<{ env: Env, envFile: string | undefined }> {
  const given = options.env ?? process.env
  const path = options.envFile ?? (options.env === undefined ? '.env' : false)
  const envFile = path !== false && existsSync(resolve(path)) ? resolve(path) : undefined
  // An empty variable means "not set", so it neither overrides the file nor fails validation.
  const data = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined && value !== ''))
  // @fastify/env is a plugin, so it runs in a Fastify instance: a bare one here (no server, no
  // logger), because server.ts needs the settings before the app exists.
  const reader = Fastify({ logger: false })
  await reader.register(fastifyEnv, { schema: RawEnvSchema, data, env: false, dotenv: envFile === undefined ? false : { path: envFile }, confKey: 'raw' })
  const merged = (reader as unknown as { raw: Env }).raw
  await reader.close()
  const env: Env = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined && value !== ''))
  // DATABASE_URL is the name the original setup instructions use; MONGODB_URI wins.
  env.MONGODB_URI ??= env.DATABASE_URL
  delete env.DATABASE_URL
  if (env.PHONE_DEFAULT_REGION !== undefined) env.PHONE_DEFAULT_REGION = env.PHONE_DEFAULT_REGION.toUpperCase()
  return { env, envFile }
}

/**
 * Every setting checked before anything starts: the schema, then HOST resolved. Throws a
 * ConfigError whose one-line message names each bad variable and what it accepts.
 */
export async function loadConfig (options: ConfigPluginOptions = {}): Promise<LoadedConfig> {
  const { env, envFile } = await readSources(options)
  const checker = Fastify({ logger: false })
  try {
    await checker.register(fastifyEnv, { schema: ConfigSchema, data: { ...env }, env: false })
  } catch (error) {
    const errors = (error as { errors?: Array<{ instancePath: string }> }).errors
    if (errors === undefined) throw error
    throw new ConfigError(describeConfigErrors(errors, ConfigSchema.properties, env), envFile)
  }
  const loaded = checker.config as Static<typeof ConfigSchema>
  await checker.close()
  const config: Config = { ...loaded, MONGODB_DB_NAME: databaseName(loaded.MONGODB_URI, loaded.MONGODB_DB_NAME) }
  await checkHost(config.HOST, envFile)
  // Before anything starts: a production start with no key is refused with one line.
  accessPolicy(config, loadKeys(config))
  return { config, env, envFile }
}

/**
 * Whether logs are for a person: stdout is a terminal and NODE_ENV is not production. Read before
 * the settings, because the logger must exist to report a bad one.
 */
export function wantsPrettyLogs (stdoutIsTerminal: boolean | undefined, env: Env = process.env): boolean {
  return stdoutIsTerminal === true && env.NODE_ENV !== 'production'
}

/** Loads and validates the configuration; a bad value stops the start with a message naming it. */
export const configPlugin = fp<ConfigPluginOptions>(async (app, options) => {
  const { config, envFile } = await loadConfig(options)
  if (envFile !== undefined) app.log.info({ envFile }, `settings read from ${envFile} (the environment wins over it)`)
  app.decorate('config', config)
}, { name: 'config' })
