// The safe default: whether callers need keys, and when the service refuses to start without any.
import { ConfigError } from '../config-errors.js'
import type { KeyEntry } from './keys.js'

export interface AccessSettings {
  NODE_ENV: string
  HOST: string
  AUTH: 'keys' | 'off'
}

export interface AccessPolicy {
  /** Whether identify, read, feed (and closed docs and metrics) need a key. Admin routes always do. */
  keysRequired: boolean
  /** Said at every start when routes are open to anyone who reaches the port. */
  warning: string | undefined
}

export const MINT_HINT = 'mint one with `npm run key:new -- --name <caller> --scopes identify` and add the line it prints to API_KEYS_FILE'

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach the port. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\./.test(host)
}

/**
 * With keys, callers need them. Without: open on a loopback address or outside production; a
 * production start on any other address is refused, unless AUTH=off says a gateway in front
 * authenticates callers.
 * @throws ConfigError the one line that says how to mint a key
 */
export function accessPolicy (settings: AccessSettings, keys: KeyEntry[]): AccessPolicy {
  if (settings.AUTH === 'off') {
    return { keysRequired: false, warning: 'AUTH=off: identify, read and feed routes answer without a key; personal data is open to whoever reaches this port (admin routes still need an admin key)' }
  }
  if (keys.length > 0) return { keysRequired: true, warning: undefined }
  if (settings.NODE_ENV === 'production' && !isLoopback(settings.HOST)) {
    throw new ConfigError([`no API key is configured and NODE_ENV=production listens on HOST=${settings.HOST}: ${MINT_HINT} (or set AUTH=off when a gateway in front authenticates callers)`])
  }
  return { keysRequired: false, warning: `no API key is configured: every route except the admin ones answers without a key (allowed on a loopback address or outside production; ${MINT_HINT})` }
}
