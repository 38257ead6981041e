// Prometheus metrics at /metrics: Node's own, HTTP requests by route template, /identify outcomes.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { IdentifyOutcome } from '../identity/rules/reconcile.js'

export interface Metrics {
  /** This app's registry: tests build several apps in one process, so never the global one. */
  registry: Registry
  /** Counts what one /identify call did, and the identifiers it ignored as blocked. */
  identifyOutcome (outcome: IdentifyOutcome, ignored: number): void
  /** Counts held merges made, and operators' decisions on them. */
  hold (event: 'created' | 'approved' | 'rejected'): void
  /** Counts a new attempt of a change, by why the last one failed (`lock_busy`, `write_conflict`, `id_collision`). */
  storeRetry (reason: string): void
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

// `satisfies` makes a new IdentifyOutcome fail to compile until it is listed here.
const OUTCOMES = Object.keys({
  unchanged: true, 'created-primary': true, 'created-secondary': true, merged: true, repaired: true, held: true
} satisfies Record<IdentifyOutcome, true>) as IdentifyOutcome[]

// One label for every unknown URL: raw URLs would give scanners unbounded label cardinality.
const UNMATCHED_ROUTE = 'unmatched'
const METRICS_ROUTE = '/metrics'

export const metricsPlugin = fp(async (app) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const labelNames = ['method', 'route', 'status_code'] as const
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to answering it',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  })
  const outcomes = new Counter({ name: 'identity_identify_outcomes_total', help: 'What /identify did', labelNames: ['outcome'], registers: [registry] })
  // Zero series from the start, so rate() and alerts see an outcome before its first occurrence.
  for (const outcome of OUTCOMES) outcomes.inc({ outcome }, 0)

  const ignored = new Counter({ name: 'identity_ignored_identifiers_total', help: 'Identifiers /identify treated as not given because they are blocked', registers: [registry] })
  const holds = new Counter({ name: 'identity_holds_total', help: 'Merges held by a guardrail (created), and approved or rejected by an operator', labelNames: ['event'], registers: [registry] })
  const retries = new Counter({ name: 'identity_store_retries_total', help: 'New attempts of a change, by the reason the last one failed', labelNames: ['reason'], registers: [registry] })
  for (const reason of ['lock_busy', 'write_conflict', 'id_collision']) retries.inc({ reason }, 0)
  for (const event of ['created', 'approved', 'rejected']) holds.inc({ event }, 0)

  app.decorate('metrics', {
    registry,
    identifyOutcome: (outcome: IdentifyOutcome, blocked: number) => {
      outcomes.inc({ outcome })
      if (blocked > 0) ignored.inc(blocked)
    },
    hold: (event: 'created' | 'approved' | 'rejected') => { holds.inc({ event }) },
    storeRetry: (reason: string) => { retries.inc({ reason }) }
  })

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE
    // Scrapes would otherwise dominate the request counts.
    if (route === METRICS_ROUTE) return
    const labels = { method: request.method, route, status_code: reply.statusCode }
    requests.inc(labels)
    duration.observe(labels, reply.elapsedTime / 1000)
  })

  app.addHook('onClose', async () => { registry.clear() })
}, { name: 'metrics' })

/** GET /metrics, in the family app.ts gives it (open, or behind any key). */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get(METRICS_ROUTE, { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.type(app.metrics.registry.contentType)
    return await app.metrics.registry.metrics()
  })
}
