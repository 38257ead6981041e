// Child processes of the benchmark: FerretDB, the service, the baseline; every one is stopped on exit.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ts from 'typescript'

const execFileAsync = promisify(execFile)
export const ROOT = path.resolve(import.meta.dirname, '..')
const FERRETDB_SCRIPT = path.join(ROOT, 'scripts', 'ferretdb.sh')

// What is still running, newest first; `stopAll` (and, as a last resort, the exit hook) stops it.
interface Resource { name: string, stop: () => Promise<void>, stopSync: () => void }
const resources: Resource[] = []

export function track (resource: Resource): () => Promise<void> {
  resources.unshift(resource)
  return async () => {
    const index = resources.indexOf(resource)
    if (index === -1) return
    resources.splice(index, 1)
    await resource.stop()
  }
}

export async function stopAll (): Promise<void> {
  while (resources.length > 0) {
    const resource = resources.shift()
    await resource?.stop().catch((error: unknown) => console.error(`bench: stopping ${resource.name} failed:`, error))
  }
}

// A crash or process.exit() skips the async path: stop synchronously whatever is left.
process.on('exit', () => {
  for (const resource of resources.splice(0)) {
    try { resource.stopSync() } catch {}
  }
})

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

export interface Database { uri: string, host: string, port: number, description: string, pid: number | null, stop: () => Promise<void> }

/** CPU time (user + system) a process has used so far, in ms; null when it is gone. */
export async function processCpuMs (pid: number | null): Promise<number | null> {
  if (pid === null) return null
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name; in clock ticks (100 per second on Linux).
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

/** Starts a throw-away FerretDB (SQLite backend) in a temporary directory via scripts/ferretdb.sh. */
export async function startFerretDb (): Promise<Database> {
  const { stdout } = await execFileAsync('bash', [FERRETDB_SCRIPT, 'path'], { cwd: ROOT, timeout: 10 * 60_000 })
  const binary = stdout.trim()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'identity-bench-ferretdb-'))
  const port = await freePort()
  const stopSync = () => {
    execFileSync('bash', [FERRETDB_SCRIPT, 'stop', dataDir], { stdio: 'ignore', timeout: 15_000 })
    execFileSync('rm', ['-rf', dataDir])
  }
  const stop = track({
    name: 'FerretDB',
    stop: async () => {
      await execFileAsync('bash', [FERRETDB_SCRIPT, 'stop', dataDir], { timeout: 15_000 })
      await rm(dataDir, { recursive: true, force: true })
    },
    stopSync
  })
  await execFileAsync('bash', [FERRETDB_SCRIPT, 'start', String(port), dataDir], { cwd: ROOT, timeout: 60_000 })
  const version = (await execFileAsync(binary, ['--version'])).stdout.match(/version:\s*(\S+)/)?.[1] ?? 'v1.24.2'
  const pid = Number(await readFile(path.join(dataDir, 'ferretdb.pid'), 'utf8'))
  return {
    pid: Number.isInteger(pid) ? pid : null,
    uri: `mongodb://127.0.0.1:${port}/`,
    host: '127.0.0.1',
    port,
    description: `FerretDB ${version}, SQLite backend (own instance on 127.0.0.1:${port}, data in ${os.tmpdir()})`,
    stop
  }
}

export interface Child {
  readonly name: string
  readonly pid: number
  readonly url: string
  /** Peak resident set size (VmHWM) in KiB, read from /proc; null once the process is gone. */
  peakRssKiB (): Promise<number | null>
  /** CPU time used so far, in ms. */
  cpuMs (): Promise<number | null>
  /** Log lines at level warn or above (pino JSON), or any line that is not JSON. */
  readonly problems: string[]
  stop (): Promise<void>
}

export interface ChildOptions {
  name: string
  args: string[]
  env: Record<string, string>
  port: number
  /** Path answering 200 when the process is ready. */
  readyPath: string
  logFile: string
  readyTimeoutMs?: number
}

/** Spawns a node process, logs its output to a file and waits until it answers `readyPath`. */
export async function startChild (options: ChildOptions): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`${options.name}: spawn failed`)
  let exited: { code: number | null, signal: string | null } | null = null
  const exit = new Promise<void>(resolve => child.once('exit', (code, signal) => { exited = { code, signal }; resolve() }))
  const log = createWriteStream(options.logFile)
  const problems: string[] = []
  const tail: string[] = []
  const onLine = (line: string) => {
    if (line === '') return
    tail.push(line)
    if (tail.length > 30) tail.shift()
    let level = 50
    try { level = (JSON.parse(line) as { level?: number }).level ?? 50 } catch {}
    if (level >= 40 && problems.length < 1000) problems.push(line)
  }
  for (const stream of [child.stdout, child.stderr]) {
    let rest = ''
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk)
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop() ?? ''
      lines.forEach(onLine)
    })
  }

  const stop = track({
    name: options.name,
    stop: async () => {
      if (exited === null) {
        child.kill('SIGTERM')
        // A graceful shutdown finishes requests in flight; do not wait forever for it.
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exit
        clearTimeout(timer)
      }
      log.end()
    },
    stopSync: () => { if (exited === null) child.kill('SIGKILL') }
  })

  const url = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000)
  for (;;) {
    if (exited !== null) {
      await stop()
      throw new Error(`${options.name} exited during start-up (${JSON.stringify(exited)}); last output:\n${tail.join('\n')}`)
    }
    try {
      const response = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2000) })
      await response.arrayBuffer()
      if (response.ok) break
    } catch {}
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms; last output:\n${tail.join('\n')}`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }

  return {
    name: options.name,
    pid,
    url,
    problems,
    cpuMs: async () => await processCpuMs(pid),
    peakRssKiB: async () => {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8')
        const match = status.match(/^VmHWM:\s+(\d+) kB/m)
        return match?.[1] === undefined ? null : Number(match[1])
      } catch {
        return null
      }
    },
    stop
  }
}

/** Runs `npm run build` (tsc into dist/) so that the service runs as it does in production. */
export async function buildService (): Promise<void> {
  try {
    await execFileAsync('npm', ['run', 'build'], { cwd: ROOT, timeout: 5 * 60_000 })
  } catch (error) {
    const output = error as { stdout?: string, stderr?: string }
    throw new Error(`npm run build failed (src/ may be mid-edit; try --runner=tsx):\n${output.stdout ?? ''}${output.stderr ?? ''}`)
  }
}

/**
 * Compiles bench/baseline-server.ts to plain JavaScript in a temporary directory (its imports
 * resolve through a node_modules link), so that the baseline, like the service's dist/, runs
 * without the tsx loader and its ~40 MiB of memory.
 */
export async function compileBaseline (): Promise<string> {
  const source = await readFile(path.join(ROOT, 'bench', 'baseline-server.ts'), 'utf8')
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true }
  })
  const dir = await mkdtemp(path.join(os.tmpdir(), 'identity-bench-baseline-'))
  track({
    name: 'compiled baseline',
    stop: async () => await rm(dir, { recursive: true, force: true }),
    stopSync: () => execFileSync('rm', ['-rf', dir])
  })
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  const file = path.join(dir, 'baseline-server.mjs')
  await writeFile(file, outputText)
  return file
}
