// Configuration errors in one short line: which variable, what it was, what it accepts.
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'

/** A setting that stops the start; the message is meant for the person starting the service. */
export class ConfigError extends Error {
  constructor (problems: string[], envFile?: string) {
    const source = envFile === undefined ? '' : ` (environment, then ${envFile})`
    super(`invalid configuration${source}: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

interface SchemaLike { anyOf?: Array<{ const?: unknown }>, type?: string, minimum?: number, maximum?: number, description?: string }

// Beyond this many values the schema's description says what is accepted (PHONE_DEFAULT_REGION has 245).
const MAX_LISTED = 12

function accepted (schema: SchemaLike | undefined): string {
  if (schema === undefined) return 'a valid value'
  const values = schema.anyOf?.map(option => option.const).filter(value => value !== undefined)
  if (values !== undefined && values.length > 0 && values.length <= MAX_LISTED) return `one of ${values.join(', ')}`
  if (schema.description !== undefined) return schema.description
  if (schema.type === 'integer') return `an integer from ${schema.minimum} to ${schema.maximum}`
  if (schema.type === 'boolean') return 'true or false'
  return 'a valid value'
}

/** One entry per bad variable, however many schema errors it caused (a union gives one per member). */
export function describeConfigErrors (errors: Array<{ instancePath: string }>, properties: Record<string, unknown>, env: Record<string, string | undefined>): string[] {
  const names = [...new Set(errors.map(error => error.instancePath.split('/')[1] ?? ''))]
  return names.map(name => name === ''
    ? 'the settings could not be read'
    : `${name}=${shown(name, env[name] ?? '')} is not allowed: use ${accepted(properties[name] as SchemaLike | undefined)}`)
}

// Settings named like secrets (ADMIN_TOKEN, a *_SECRET, a *_KEY) are never echoed, not even when wrong.
const SECRET_NAME = /(_TOKEN|_SECRET|_KEY)$/

function shown (name: string, value: string): string {
  return SECRET_NAME.test(name) ? `(hidden, ${value.length} characters)` : JSON.stringify(hidePassword(value))
}

// A connection string in a log line keeps its user name, not its password.
function hidePassword (value: string): string {
  return value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

/** HOST must be an IP address or a name that resolves here; checked before any database starts. */
export async function checkHost (host: string, envFile?: string): Promise<void> {
  if (isIP(host) !== 0) return
  try {
    await lookup(host)
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'lookup failed'
    throw new ConfigError([`HOST=${JSON.stringify(host)} is not an IP address or a host name this machine resolves (${code})`], envFile)
  }
}
