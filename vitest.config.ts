// Test runner settings: one shared database server (see test/helpers/global-setup.ts), one database name per test file.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/console-bundle.ts'],
    pool: 'forks', // child processes, not threads: the MongoDB driver and Fastify behave as in production
    testTimeout: 30_000,
    hookTimeout: 120_000 // generous: building FerretDB the first time takes about a minute
  }
})
