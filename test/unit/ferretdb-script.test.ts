// scripts/ferretdb.sh's first build: a clear message without Go, Go's download lines folded into a count, and nothing left behind by an interrupted build.
import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
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

/**
 * A stand-in for Go that behaves as the real one does on an empty module cache (about 70
 * download lines, then a while compiling), in seconds rather than minutes; FAKE_GO_ERROR makes
 * its build fail with that message. Returns its folder, for PATH.
 */
async function fakeGo (): Promise<string> {
  const bin = join(cache, 'fake-go')
  await mkdir(join(bin, 'module', 'build', 'version'), { recursive: true })
  await writeFile(join(bin, 'go'), `#!/usr/bin/env bash
case "$1" in
  env) echo go1.24.0 ;;
  mod) printf '{\\n\\t"Path": "github.com/FerretDB/FerretDB",\\n\\t"Dir": "%s",\\n\\t"Version": "v1.24.2"\\n}\\n' "${bin}/module" ;;
  build)
    for i in $(seq 70); do echo "go: downloading example.com/module$i v1.0.$i" >&2; done
    if [[ -n \${FAKE_GO_ERROR:-} ]]; then echo "$FAKE_GO_ERROR" >&2; exit 1; fi
    echo "go: a line that is not a download" >&2
    sleep 4
    while [[ $1 != -o ]]; do shift; done
    printf '#!/bin/sh\\n' >"$2" && chmod +x "$2" ;;
esac
`)
  await chmod(join(bin, 'go'), 0o755)
  return bin
}

describe('scripts/ferretdb.sh path, with an empty cache', () => {
  it('says that Go is needed, once, and what to do instead', async () => {
    // bash and coreutils, but no Go toolchain.
    const run = runScript({ PATH: '/usr/bin:/bin' })
    expect(await run.exited).toBe(1)
    expect(run.stderr()).toMatch(/^ferretdb\.sh: the Go toolchain is not on PATH\. It is needed once, to build FerretDB .* install Go >= 1\.24 .* or set MONGODB_URI/)
  })

  it('folds Go\'s "go: downloading" lines into its progress lines, and shows what else Go says', async () => {
    const run = runScript({ PATH: `${await fakeGo()}:/usr/bin:/bin`, FERRETDB_PROGRESS_SECONDS: '1' })
    expect(await run.exited, run.stderr()).toBe(0)
    const lines = run.stderr().trim().split('\n')
    expect(lines.filter(line => line.includes('go: downloading'))).toEqual([])
    expect(lines).toContain('go: a line that is not a download')
    // Ticks every second during the 4 s "compile", after all 70 downloads.
    expect(lines).toContainEqual(expect.stringMatching(/^ferretdb\.sh: still building FerretDB v1\.24\.2: \d+ s so far, 70 Go modules downloaded \(only this first time/))
    expect(lines.at(-1)).toMatch(/^ferretdb\.sh: built FerretDB v1\.24\.2 in \d+ s, 70 Go modules downloaded: .*\/ferretdb$/)
  })

  it('ends a failed build with a line that quotes Go\'s error', async () => {
    const run = runScript({ PATH: `${await fakeGo()}:/usr/bin:/bin`, FAKE_GO_ERROR: 'cmd/ferretdb/main.go:1:1: expected \'package\'' })
    expect(await run.exited).toBe(1)
    const lines = run.stderr().trim().split('\n')
    expect(lines.filter(line => line.includes('go: downloading'))).toEqual([])
    expect(lines.at(-1)).toBe('ferretdb.sh: go build of FerretDB v1.24.2 failed (exit 1): cmd/ferretdb/main.go:1:1: expected \'package\'')
    expect(await readdir(join(cache, 'ferretdb-v1.24.2'))).toEqual(['build.lock'])
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
