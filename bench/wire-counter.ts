// A TCP proxy in front of the database that counts the commands each client sends (find, insert, ...) and the round trips they make.
import net from 'node:net'

// Driver housekeeping on its monitoring connections; not part of any request's work.
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'ping', 'endsessions', 'buildinfo', 'saslstart', 'saslcontinue', 'getlasterror'])
const OP_MSG = 2013
const OP_QUERY = 2004

export interface WireCounter {
  readonly port: number
  /** Commands seen so far, by lower-cased name (housekeeping excluded). */
  snapshot (): Map<string, number>
  /** The same, by name and collection ("find contacts"; the name alone for commands without one). */
  snapshotByCollection (): Map<string, number>
  /**
   * Round trips so far: a command sent while no other counted command awaits its reply starts
   * one; commands sent at once (on several connections) share it. Meaningful for one request
   * at a time (the census), not under load.
   */
  roundTrips (): number
  /** Milliseconds since the last command was seen. */
  idleMs (): number
  close (): Promise<void>
}

export async function startWireCounter (target: { host: string, port: number }): Promise<WireCounter> {
  // By command name and collection ("find contacts"); `snapshot` adds them up by name.
  const counts = new Map<string, number>()
  let lastSeen = Date.now()
  let roundTrips = 0
  // Counted commands sent and not answered yet, over every connection.
  let awaiting = 0
  const sockets = new Set<net.Socket>()

  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host)
    sockets.add(client).add(upstream)
    // Request ids of this connection's counted commands whose reply has not come yet.
    const unanswered = new Set<number>()
    client.on('data', frames(message => {
      if (count(message)) {
        if (awaiting === 0) roundTrips++
        awaiting++
        unanswered.add(message.readInt32LE(4))
      }
    }, chunk => upstream.write(chunk)))
    // A reply names the request it answers (responseTo, offset 8).
    upstream.on('data', frames(message => {
      if (unanswered.delete(message.readInt32LE(8))) awaiting--
    }, chunk => client.write(chunk)))
    const end = () => {
      awaiting -= unanswered.size
      unanswered.clear()
      client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream)
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })

  /** Counts a message from the client; true when it is a counted command that expects a reply. */
  function count (message: Buffer): boolean {
    lastSeen = Date.now()
    const opCode = message.readInt32LE(12)
    // Legacy OP_QUERY: drivers use it only for the handshake of a new connection.
    if (opCode === OP_QUERY) return false
    let name = `op${opCode}`
    let collection = ''
    // OP_MSG: header (16), flagBits (4), section kind 0 (1), then a BSON document whose first key
    // (after its int32 length and the element's type byte) is the command name; when that
    // element is a string (type 2: int32 length, bytes, NUL), its value is the collection.
    if (opCode === OP_MSG && message.length > 26 && message[20] === 0) {
      const start = 26
      const end = message.indexOf(0, start)
      if (end > start) name = message.toString('latin1', start, end).toLowerCase()
      if (end > start && message[25] === 2 && end + 5 <= message.length) {
        collection = message.toString('utf8', end + 5, end + 4 + message.readInt32LE(end + 1))
      }
    }
    if (HOUSEKEEPING.has(name)) return false
    const key = collection === '' ? name : `${name} ${collection}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    // moreToCome (flag bit 1) on a client's message: no reply will come (an unacknowledged write).
    return !(opCode === OP_MSG && (message.readUInt32LE(16) & 2) !== 0)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('wire counter: no port')

  return {
    port: address.port,
    snapshot: () => {
      const byName = new Map<string, number>()
      for (const [key, n] of counts) {
        const name = key.split(' ')[0]!
        byName.set(name, (byName.get(name) ?? 0) + n)
      }
      return byName
    },
    snapshotByCollection: () => new Map(counts),
    roundTrips: () => roundTrips,
    idleMs: () => Date.now() - lastSeen,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/**
 * Splits a byte stream into wire messages (each starts with its int32 length) for `onMessage`,
 * and passes every chunk on unchanged to `forward`.
 */
function frames (onMessage: (message: Buffer) => void, forward: (chunk: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0)
  return chunk => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    while (pending.length >= 16) {
      const length = pending.readInt32LE(0)
      if (pending.length < length) break
      onMessage(pending.subarray(0, length))
      pending = pending.subarray(length)
    }
    forward(chunk)
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
