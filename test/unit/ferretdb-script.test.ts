// scripts/ferretdb.sh's first build: a clear message without Go, and nothing left behind by an interrupted build.
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { repoFile } from '../helpers/spawn-entry.js'

// Where Go is missing (and tests run against MONGODB_URI), there is no build to interrupt.
const hasGo = spawnSync('go', ['version']).status === 0

let cache: string
beforeEach(async () => { cache = await mkdtemp(join(tmpdir(), 'identity-cache-')) })
afterEach(async () => { await rm(cache, { recursive: true, force: true }) })

function runScript (env: Record<string, string>) {
  const child = spawn('bash', [repoFile('scripts/ferretdb.sh'), 'path'], { env: { ...process.env, IDENTITY_CACHE_DIR: cache, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
  return { child, stderr: () => stderr, exited }
}

describe('scripts/ferretdb.sh path, with an empty cache', () => {
  it('says that Go is needed, once, and what to do instead', async () => {
    // bash and coreutils, but no Go toolchain.
    const run = runScript({ PATH: '/usr/bin:/bin' })
    expect(await run.exited).toBe(1)
    expect(run.stderr()).toMatch(/^ferretdb\.sh: the Go toolchain is not on PATH\. It is needed once, to build FerretDB .* install Go >= 1\.24 .* or set MONGODB_URI/)
  })

  it.skipIf(!hasGo)('cleans up after an interrupted build, and before the next one', async () => {
    const ferretdbDir = join(cache, 'ferretdb-v1.24.2')
    await mkdir(join(ferretdbDir, 'build.left-by-a-crash'), { recursive: true })
    const run = runScript({})
    const deadline = Date.now() + 60_000
    while (!run.stderr().includes('building FerretDB') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(run.stderr()).toContain('once per machine')
    expect(await readdir(ferretdbDir)).not.toContain('build.left-by-a-crash')
    const killedAt = Date.now()
    run.child.kill('SIGTERM')
    expect(await run.exited).not.toBe(0)
    // Promptly, not once the compiler has finished.
    expect(Date.now() - killedAt).toBeLessThan(5000)
    expect(await readdir(ferretdbDir)).toEqual(['build.lock'])
  }, 90_000)
})
