// `npm run import -- <source> [--dry-run] [--table t] [--into-existing] [--report file]`: reports, then imports contacts.
import { ConfigError } from '../config.js'
import { ImportRefused } from './import-writer.js'
import { runImport } from './run-import.js'
import { UsageError } from './sources.js'

// Ctrl-C may cut a batch short: the same command finishes the job.
process.once('SIGINT', () => {
  console.error('\ninterrupted: run the same command again to finish the import (nothing is written twice)')
  process.exit(130)
})

try {
  process.exitCode = (await runImport(process.argv.slice(2))).code
} catch (error) {
  const known = error instanceof UsageError || error instanceof ConfigError || error instanceof ImportRefused
  console.error(known ? `import: ${error.message}` : error)
  process.exitCode = error instanceof UsageError ? 2 : 1
}
