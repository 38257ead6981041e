// The service's settings: one TypeBox schema gives the validation, the defaults and the type.
import fastifyEnv from '@fastify/env'
import fp from 'fastify-plugin'
import { getCountries } from 'libphonenumber-js/max'
import { Type, type Static } from 'typebox'

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  MONGODB_URI: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://' })),
  MONGODB_DB_NAME: Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$', default: 'identity' }),
  MONGODB_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2000 }),
  MONGODB_MAX_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map(level => Type.Literal(level)), { default: 'info' }),
  LOG_CONTACT_DETAILS: Type.Boolean({ default: false }),
  PHONE_DEFAULT_REGION: Type.Optional(Type.Union(getCountries().map(code => Type.Literal(code)))),
  RESPONSE_SHAPE: Type.Union([Type.Literal('flat'), Type.Literal('wrapped')], { default: 'flat' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 256, maximum: 1_048_576, default: 16_384 }),
  TRANSACTION_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5000 }),
  LOCK_LEASE_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000 }),
  CONFLICT_RETRIES: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'bearer token of the admin routes and the console; unset: they do not exist' })),
  IDENTITY_SIZE_LIMIT: Type.Integer({ minimum: 2, maximum: 1_000_000, default: 100 }),
  GENERIC_IDENTIFIER_LIMIT: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
  BLOCKLIST_REFRESH_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 2000 })
})

export type Config = Static<typeof ConfigSchema>

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

export interface ConfigPluginOptions {
  /** The environment to read; `process.env` unless a test passes its own. */
  env?: Record<string, string | undefined> | undefined
}

/** Loads and validates the configuration; a bad value stops the start with a message naming it. */
export const configPlugin = fp<ConfigPluginOptions>(async (app, options) => {
  // An empty variable (`PHONE_DEFAULT_REGION=` in a .env file) means "not set".
  const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter(([, value]) => value !== ''))
  // DATABASE_URL is the name the original setup instructions use; MONGODB_URI wins.
  const data = { ...env, MONGODB_URI: env.MONGODB_URI ?? env.DATABASE_URL }
  await app.register(fastifyEnv, { schema: ConfigSchema, data, env: false })
}, { name: 'config' })
