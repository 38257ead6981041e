// API keys: minted at random, configured only as SHA-256 hashes (one line each in API_KEYS_FILE), found by hash.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ConfigError } from '../config-errors.js'
import { isScope, SCOPES, type Scope } from './scopes.js'
import type { Caller } from './caller.js'

// A prefix makes a leaked key recognisable to secret scanners and to whoever finds it in a file.
const KEY_PREFIX = 'idk_'
const KEY_BYTES = 32
// Names become the `actor` of events: short, and nothing a log or a feed consumer must escape.
export const KEY_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/
/** The name ADMIN_TOKEN signs in as. */
export const ADMIN_TOKEN_NAME = 'admin'

export interface KeyEntry extends Caller {
  /** sha256 of the key, hex: a key of 32 random bytes needs no slow hash to stay unguessable. */
  hash: string
}

/** The hash a key is configured and looked up by. */
export function hashKey (key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** The line that configures a key in API_KEYS_FILE: `name scopes sha256:hash`. */
export function keyLine (entry: KeyEntry): string {
  return `${entry.name} ${[...entry.scopes].join(',')} sha256:${entry.hash}`
}

/** A new random key for `name`: the key (shown once) and its configuration entry. */
export function mintKey (name: string, scopes: Scope[]): { key: string, entry: KeyEntry } {
  const key = KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url')
  return { key, entry: { name, scopes: new Set(scopes), hash: hashKey(key) } }
}

/** Why a name or a scope list cannot be a key's, or undefined when it can. */
export function keyProblem (name: string, scopes: string[]): string | undefined {
  if (!KEY_NAME_PATTERN.test(name)) return `the name "${name}" must be 1 to 63 lower-case letters, digits, ".", "_" or "-"`
  const unknown = scopes.filter(scope => !isScope(scope))
  if (scopes.length === 0 || unknown.length > 0) return `scopes must be a comma-separated list of ${SCOPES.join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`
  return undefined
}

/**
 * The keys configured in a keys file's text: one `name scopes sha256:hash` per line, `#` starts a
 * comment. Several lines may share a name (rotation). Problems name the line, never its content.
 */
export function parseKeyLines (text: string): { keys: KeyEntry[], problems: string[] } {
  const keys: KeyEntry[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim()
    if (line === '') return
    const [name = '', scopes = '', hash = '', ...rest] = line.split(/\s+/)
    const problem = rest.length > 0 || !/^sha256:[0-9a-f]{64}$/.test(hash)
      ? 'expected "name scopes sha256:<64 hex digits>", as npm run key:new prints it'
      : keyProblem(name, scopes.split(','))
    if (problem !== undefined) problems.push(`line ${index + 1}: ${problem}`)
    else keys.push({ name, scopes: new Set(scopes.split(',') as Scope[]), hash: hash.slice('sha256:'.length) })
  })
  return { keys, problems }
}

/**
 * Every key configured: those of the keys file, and ADMIN_TOKEN as one admin key named "admin".
 * @throws ConfigError naming the file and its bad lines; never a key or a hash.
 */
export function loadKeys (settings: { API_KEYS_FILE?: string | undefined, ADMIN_TOKEN?: string | undefined }): KeyEntry[] {
  const keys: KeyEntry[] = []
  if (settings.API_KEYS_FILE !== undefined) {
    let text: string
    try {
      text = readFileSync(settings.API_KEYS_FILE, 'utf8')
    } catch (error) {
      throw new ConfigError([`API_KEYS_FILE=${JSON.stringify(settings.API_KEYS_FILE)} cannot be read (${(error as { code?: string }).code ?? 'error'})`])
    }
    const parsed = parseKeyLines(text)
    if (parsed.problems.length > 0) throw new ConfigError([`API_KEYS_FILE=${JSON.stringify(settings.API_KEYS_FILE)}: ${parsed.problems.join('; ')}`])
    keys.push(...parsed.keys)
  }
  if (settings.ADMIN_TOKEN !== undefined) keys.push({ name: ADMIN_TOKEN_NAME, scopes: new Set(['admin']), hash: hashKey(settings.ADMIN_TOKEN) })
  return keys
}
