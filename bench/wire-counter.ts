// A TCP proxy in front of the database that counts the commands each client sends (find, insert, ...).
import net from 'node:net'

// Driver housekeeping on its monitoring connections; not part of any request's work.
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'ping', 'endsessions', 'buildinfo', 'saslstart', 'saslcontinue', 'getlasterror'])
const OP_MSG = 2013
const OP_QUERY = 2004

export interface WireCounter {
  readonly port: number
  /** Commands seen so far, by lower-cased name (housekeeping excluded). */
  snapshot (): Map<string, number>
  /** Milliseconds since the last command was seen. */
  idleMs (): number
  close (): Promise<void>
}

export async function startWireCounter (target: { host: string, port: number }): Promise<WireCounter> {
  const counts = new Map<string, number>()
  let lastSeen = Date.now()
  const sockets = new Set<net.Socket>()

  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host)
    sockets.add(client).add(upstream)
    // Frame the client's byte stream into wire messages; each message starts with its int32 length.
    let pending = Buffer.alloc(0)
    client.on('data', chunk => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0)
        if (pending.length < length) break
        count(pending.subarray(0, length))
        pending = pending.subarray(length)
      }
      upstream.write(chunk)
    })
    upstream.on('data', chunk => client.write(chunk))
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })

  function count (message: Buffer): void {
    lastSeen = Date.now()
    const opCode = message.readInt32LE(12)
    // Legacy OP_QUERY: drivers use it only for the handshake of a new connection.
    if (opCode === OP_QUERY) return
    let name = `op${opCode}`
    // OP_MSG: header (16), flagBits (4), section kind 0 (1), then a BSON document whose first key
    // (after its int32 length and the element's type byte) is the command name.
    if (opCode === OP_MSG && message.length > 26 && message[20] === 0) {
      const start = 26
      const end = message.indexOf(0, start)
      if (end > start) name = message.toString('latin1', start, end).toLowerCase()
    }
    if (HOUSEKEEPING.has(name)) return
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('wire counter: no port')

  return {
    port: address.port,
    snapshot: () => new Map(counts),
    idleMs: () => Date.now() - lastSeen,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** The commands counted between two snapshots. */
export function diffCounts (before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const diff = new Map<string, number>()
  for (const [name, value] of after) {
    const delta = value - (before.get(name) ?? 0)
    if (delta > 0) diff.set(name, delta)
  }
  return diff
}

/** Waits until the target has been quiet for `quietMs` (in-flight requests finished), at most `maxMs`. */
export async function waitQuiet (counter: WireCounter, quietMs = 1000, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs
  while (counter.idleMs() < quietMs && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
