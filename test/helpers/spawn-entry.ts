// Runs an entry point (src/server.ts, src/db/migrate-cli.ts) as its own process, as `npm start` would.
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { ConfigSchema } from '../../src/config.js'

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
export const repoFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** This process's environment without any setting of the service, so that a test's own decide. */
export function cleanEnv (env: Record<string, string>): Record<string, string | undefined> {
  const settings = new Set([...Object.keys(ConfigSchema.properties), 'DATABASE_URL'])
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !settings.has(name))), ...env }
}

export interface Entry { child: ChildProcess, output: () => string, lines: () => Array<Record<string, unknown>>, exited: Promise<number | null> }

/** Starts `node --import tsx <file>` with exactly these settings, in `cwd`. */
export function runEntry (file: string, env: Record<string, string>, cwd = repoFile('.')): Entry {
  return watch(spawn(process.execPath, ['--import', tsxLoader, repoFile(file)], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }))
}

/**
 * Like runEntry, with its output on a terminal, as for a person who types `npm start`: util-linux's
 * `script` gives it a pseudo-terminal (and stops it on SIGTERM). The output is that terminal's, colours and all.
 */
export function runEntryInTerminal (file: string, env: Record<string, string>): Entry {
  const command = [process.execPath, '--import', tsxLoader, repoFile(file)].map(word => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  return watch(spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: repoFile('.'), env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }))
}

function watch (child: ChildProcess): Entry {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const lines = (): Array<Record<string, unknown>> => output.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Record<string, unknown>)
  return { child, output: () => output, lines, exited }
}

/** Resolves with the log line that satisfies `match`; rejects if the process exits or time runs out. */
export async function waitForLine (entry: Entry, match: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = entry.lines().find(match)
    if (found !== undefined) return found
    if (entry.child.exitCode !== null || Date.now() > deadline) throw new Error(`no such log line; output:\n${entry.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Resolves with the output, colours removed, once a line of it matches `pattern`; rejects if the process exits or time runs out. */
export async function waitForOutput (entry: Entry, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = stripVTControlCharacters(entry.output())
    if (text.split(/\r?\n/).some(line => pattern.test(line))) return text
    if (entry.child.exitCode !== null || Date.now() > deadline) throw new Error(`no line matches ${pattern}; output:\n${entry.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The test database server's URI with a database name in its path. */
export function uriWithDatabase (uri: string, database: string): string {
  const url = new URL(uri)
  url.pathname = `/${database}`
  return url.href
}
