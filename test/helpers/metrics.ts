// Reads the service's own counters from /metrics, as an operator's scraper would.
import type { App } from '../../src/app.js'

/**
 * The value of `identity_store_retries_total{reason}` on one instance's /metrics.
 * @throws Error when the instance has no such series: a missing counter is a failure, not a zero.
 */
export async function storeRetries (app: App, reason: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const line = text.split('\n').find(l => l.startsWith(`identity_store_retries_total{reason="${reason}"}`))
  if (line === undefined) throw new Error(`/metrics has no identity_store_retries_total{reason="${reason}"}`)
  return Number(line.slice(line.lastIndexOf(' ') + 1))
}
