// Test runner settings: one shared database server (see test/helpers/global-setup.ts), one database name per test file.
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

const BROWSER_TEST = 'test/integration/console-browser.test.ts'

// What every project shares; the global setup stays at the root so that it runs once.
const shared = {
  pool: 'forks', // child processes, not threads: the MongoDB driver and Fastify behave as in production
  testTimeout: 30_000,
  hookTimeout: 120_000 // generous: building FerretDB the first time takes about a minute
} as const satisfies TestProjectInlineConfiguration['test']

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/console-bundle.ts'],
    projects: [
      { test: { ...shared, name: 'service', include: ['test/**/*.test.ts'], exclude: [BROWSER_TEST] } },
      // Chromium takes both cores for seconds: run it after the rest (a later group), where it
      // cannot skew the timing-sensitive concurrency and outage tests.
      { test: { ...shared, name: 'browser', include: [BROWSER_TEST], sequence: { groupOrder: 1 } } }
    ]
  }
})
