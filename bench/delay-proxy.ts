// A TCP proxy that holds every chunk for a fixed time each way: the database as if it were a network hop away.
import net from 'node:net'

export interface DelayProxy {
  readonly port: number
  /** Milliseconds each chunk waits, in each direction (a round trip costs twice this). */
  readonly delayMs: number
  close (): Promise<void>
}

/**
 * Forwards one direction of a connection, each chunk `delayMs` after it arrived, in arrival order.
 * A queue with one timer rather than a timer per chunk: the order never depends on timer ties.
 */
function delayedPipe (from: net.Socket, to: net.Socket, delayMs: number): void {
  const queue: Array<{ due: number, chunk: Buffer }> = []
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    timer = null
    const now = Date.now()
    while (queue.length > 0 && (queue[0] as { due: number }).due <= now) {
      const { chunk } = queue.shift() as { chunk: Buffer }
      if (!to.destroyed) to.write(chunk)
    }
    const next = queue[0]
    if (next !== undefined) timer = setTimeout(flush, Math.max(0, next.due - now))
  }
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: Date.now() + delayMs, chunk })
    if (timer === null) timer = setTimeout(flush, delayMs)
  })
  from.on('close', () => {
    // What is still queued would reach a closed socket; drop it with the connection.
    if (timer !== null) clearTimeout(timer)
    queue.length = 0
  })
}

export async function startDelayProxy (target: { host: string, port: number }, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host)
    sockets.add(client).add(upstream)
    // Nagle would add its own wait to ours; the driver writes whole messages anyway.
    client.setNoDelay(true)
    upstream.setNoDelay(true)
    delayedPipe(client, upstream, delayMs)
    delayedPipe(upstream, client, delayMs)
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('delay proxy: no port')
  return {
    port: address.port,
    delayMs,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
