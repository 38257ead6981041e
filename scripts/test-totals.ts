// Sums vitest JSON reports (one per Node pass in .ci/run) into one plain line: `N passed, N failed, N skipped`.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The parts of vitest's JSON reporter output (Jest's format) that the totals need. */
export interface VitestJsonReport {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  success: boolean
  testResults: Array<{ status: string, assertionResults: Array<{ status: string }> }>
}

export interface Totals { passed: number, failed: number, skipped: number }

/**
 * One report's counts. A file that fails outside any test (an import, a beforeAll) leaves its
 * tests "skipped" and no test failed: it counts as one failure, as does a failed run with no
 * failed file, so that "0 failed" never stands for a run that failed.
 */
export function totalsOf (report: VitestJsonReport): Totals {
  const failedOutsideTests = report.testResults.filter(file =>
    file.status === 'failed' && !file.assertionResults.some(test => test.status === 'failed')).length
  const failed = report.numFailedTests + failedOutsideTests
  return {
    passed: report.numPassedTests,
    failed: failed === 0 && !report.success ? 1 : failed,
    skipped: report.numPendingTests + report.numTodoTests
  }
}

export function sumTotals (all: Totals[]): Totals {
  return all.reduce((sum, one) => ({ passed: sum.passed + one.passed, failed: sum.failed + one.failed, skipped: sum.skipped + one.skipped }),
    { passed: 0, failed: 0, skipped: 0 })
}

export const formatTotals = ({ passed, failed, skipped }: Totals): string => `${passed} passed, ${failed} failed, ${skipped} skipped`

/** Every `*.json` report in `folder` (none yet: all zero); one that is not valid JSON (a pass that crashed mid-write) counts as a failure. */
export async function totalsIn (folder: string): Promise<Totals> {
  const names = (await readdir(folder)).filter(name => name.endsWith('.json')).sort()
  return sumTotals(await Promise.all(names.map(async (name): Promise<Totals> => {
    const text = await readFile(join(folder, name), 'utf8')
    try {
      return totalsOf(JSON.parse(text) as VitestJsonReport)
    } catch {
      console.error(`test-totals: ${join(folder, name)} is not a whole vitest JSON report: counted as 1 failure`)
      return { passed: 0, failed: 1, skipped: 0 }
    }
  })))
}

// `tsx scripts/test-totals.ts <folder>`: print the line.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2]
  if (folder === undefined) {
    console.error('usage: tsx scripts/test-totals.ts <folder of vitest JSON reports>')
    process.exit(2)
  }
  console.log(formatTotals(await totalsIn(folder)))
}
