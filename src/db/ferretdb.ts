// FerretDB as a child process of this one: built once by scripts/ferretdb.sh, then started on loopback.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface EmbeddedDatabase { uri: string; kind: 'mongodb-memory-server' | 'ferretdb'; pid?: number | undefined; stop (): Promise<void> }
export type Log = { info: (obj: object, msg: string) => void, warn: (obj: object, msg: string) => void }

// src/db/*.ts (tsx) and dist/db/*.js (compiled) are both two levels below the repo root.
const ferretdbScript = fileURLToPath(new URL('../../scripts/ferretdb.sh', import.meta.url))
const READY_TIMEOUT_MS = 20_000
const OUTPUT_LIMIT = 4000

export interface FerretDbOptions {
  /** Listen here instead of on a free port (a restart on the same address). */
  port?: number
  /** Keep the data in this folder, and leave it in place on stop (a restart with the same data). */
  dataDir?: string
}

/** Starts a FerretDB (SQLite) child process on loopback, building it first if needed. */
export async function startFerretDb (log: Log, options: FerretDbOptions = {}): Promise<EmbeddedDatabase> {
  const bin = (await runScript(['path'], log)).trim()
  const port = options.port ?? await freePort()
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'identity-ferretdb-'))
  // Spawned directly (not via `ferretdb.sh start`) so that this process owns the child and can stop it.
  const child = spawn(bin, [
    '--handler=sqlite', `--sqlite-url=${pathToFileURL(dataDir + '/').href}`, `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', '--log-level=warn'
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = boundedBuffer()
  child.stdout.on('data', output.add)
  child.stderr.on('data', output.add)
  let spawnError: Error | undefined
  let stopping = false
  let ready = false
  // Without an 'error' listener a failed spawn would crash the process with an unhandled error.
  child.on('error', (err) => { spawnError = err })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const alive = (): boolean => child.exitCode === null && child.signalCode === null && spawnError === undefined
  child.once('exit', (code, signal) => {
    if (ready && !stopping) log.warn({ code, signal, output: output.text() }, 'FerretDB exited unexpectedly: the embedded database is gone')
  })
  // A Node process that exits without calling stop() must not leave FerretDB running.
  const killOnExit = (): void => { child.kill('SIGKILL') }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    stopping = true
    process.removeListener('exit', killOnExit)
    if (alive()) {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      child.kill('SIGTERM')
      await exited
      clearTimeout(timer)
    }
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!(await canConnect(port))) {
    if (!alive() || Date.now() > deadline) {
      const why = spawnError?.message ?? (alive() ? `not listening after ${READY_TIMEOUT_MS} ms` : `exited with code ${child.exitCode ?? child.signalCode}`)
      await stop()
      throw new Error(`FerretDB (${bin}) ${why}; its output: ${output.text() || '(none)'}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  ready = true
  return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'ferretdb', pid: child.pid, stop }
}

/**
 * Runs scripts/ferretdb.sh. Its stderr lines (the first build's progress: a few minutes, once)
 * become log lines; on failure the error carries its last line, which says what to do.
 */
function runScript (args: string[], log: Log): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [ferretdbScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    // Exiting mid-build (Ctrl-C, a failed start) must not leave the build running: the script
    // cleans up on TERM and the next start begins afresh.
    const stopOnExit = (): void => { child.kill('SIGTERM') }
    process.once('exit', stopOnExit)
    let stdout = ''
    let lastLine = ''
    let pending = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines.map(text => text.replace(/^ferretdb\.sh: /, '').trim()).filter(Boolean)) {
        lastLine = line
        log.info({ source: 'scripts/ferretdb.sh' }, line)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      process.removeListener('exit', stopOnExit)
      if (pending.trim() !== '') lastLine = pending.replace(/^ferretdb\.sh: /, '').trim()
      if (code === 0) resolve(stdout)
      else reject(new Error(lastLine || `scripts/ferretdb.sh ${args.join(' ')} failed (exit ${code})`))
    })
  })
}

// Keeps the last OUTPUT_LIMIT characters: enough for an error message, bounded for a chatty child.
function boundedBuffer (): { add: (chunk: Buffer) => void, text: () => string } {
  let text = ''
  return {
    add: (chunk) => { text = (text + chunk.toString()).slice(-OUTPUT_LIMIT) },
    text: () => text.trim()
  }
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function canConnect (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok) }
    socket.setTimeout(1000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
