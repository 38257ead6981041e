// scripts/test-totals.ts: .ci/run's last line, summed from vitest's JSON reports of both Node passes.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatTotals, totalsOf, type VitestJsonReport } from '../../scripts/test-totals.js'
import { repoFile } from '../helpers/spawn-entry.js'

type FileResult = VitestJsonReport['testResults'][number]
const file = (status: string, ...tests: string[]): FileResult => ({ status, assertionResults: tests.map(test => ({ status: test })) })

/** A report as vitest writes it, its counts derived from the files (as vitest does). */
function report (...files: FileResult[]): VitestJsonReport {
  const tests = files.flatMap(one => one.assertionResults)
  const count = (status: string): number => tests.filter(test => test.status === status).length
  return {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped') + count('pending'),
    numTodoTests: count('todo'),
    success: files.every(one => one.status !== 'failed'),
    testResults: files
  }
}

describe('totalsOf', () => {
  it('counts passed, failed, and skipped or todo tests', () => {
    const run = report(file('passed', 'passed', 'passed', 'skipped'), file('failed', 'passed', 'failed'), file('passed', 'todo'))
    expect(formatTotals(totalsOf(run))).toBe('3 passed, 1 failed, 2 skipped')
  })

  it('counts a file that failed outside its tests (a beforeAll) as one failure, not as skips only', () => {
    // What vitest reports when the browser test cannot launch Chromium under CI=true.
    const run = report(file('passed', 'passed'), file('failed', 'skipped', 'skipped', 'skipped'))
    expect(totalsOf(run)).toEqual({ passed: 1, failed: 1, skipped: 3 })
  })

  it('never says "0 failed" for a run that failed', () => {
    expect(totalsOf({ ...report(file('passed', 'passed')), success: false }).failed).toBe(1)
  })
})

describe('tsx scripts/test-totals.ts <folder>', () => {
  let folder: string
  beforeEach(async () => { folder = await mkdtemp(join(tmpdir(), 'test-totals-')) })
  afterEach(async () => { await rm(folder, { recursive: true, force: true }) })

  const tsx = createRequire(import.meta.url).resolve('tsx/cli')
  const run = () => spawnSync(process.execPath, [tsx, repoFile('scripts/test-totals.ts'), folder], { encoding: 'utf8' })

  it('prints the sum over every report in the folder, alone on its line', async () => {
    await writeFile(join(folder, 'node-20.json'), JSON.stringify(report(file('passed', 'passed', 'passed', 'skipped'))))
    await writeFile(join(folder, 'node-24.json'), JSON.stringify(report(file('passed', 'passed'), file('failed', 'failed', 'skipped'))))
    const result = run()
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('3 passed, 1 failed, 2 skipped\n')
  })

  it('prints zeros when no pass wrote a report, and counts a cut-off report as a failure', async () => {
    expect(run().stdout).toBe('0 passed, 0 failed, 0 skipped\n')
    await writeFile(join(folder, 'node-20.json'), JSON.stringify(report(file('passed', 'passed'))))
    await writeFile(join(folder, 'node-24.json'), '{"numPassedTests": 4, "testRes')
    const result = run()
    expect(result.stdout).toBe('1 passed, 1 failed, 0 skipped\n')
    expect(result.stderr).toMatch(/node-24\.json is not a whole vitest JSON report/)
  })
})
