// The benchmark's delaying proxy: every byte arrives, in order, no sooner than the delay each way.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDelayProxy, type DelayProxy } from '../../bench/delay-proxy.js'

const DELAY_MS = 30
let echo: net.Server
let proxy: DelayProxy
beforeAll(async () => {
  echo = net.createServer(socket => socket.pipe(socket))
  await new Promise<void>(resolve => echo.listen(0, '127.0.0.1', () => resolve()))
  const address = echo.address() as net.AddressInfo
  proxy = await startDelayProxy({ host: '127.0.0.1', port: address.port }, DELAY_MS)
})
afterAll(async () => {
  await proxy.close()
  await new Promise(resolve => echo.close(resolve))
})

describe('the delay proxy', () => {
  it('passes every chunk both ways, in order, after the delay in each direction', async () => {
    const socket = net.connect(proxy.port, '127.0.0.1')
    await new Promise(resolve => socket.once('connect', resolve))
    const sent = Array.from({ length: 200 }, (_, i) => `chunk ${i};`).join('')
    let received = ''
    const started = performance.now()
    const done = new Promise<number>(resolve => socket.on('data', (chunk: Buffer) => {
      received += chunk.toString()
      if (received.length >= sent.length) resolve(performance.now() - started)
    }))
    // Many small writes over a few milliseconds: they reach the proxy as separate chunks.
    for (let i = 0; i < 200; i++) {
      socket.write(`chunk ${i};`)
      if (i % 20 === 0) await new Promise(resolve => setImmediate(resolve))
    }
    const elapsed = await done
    socket.destroy()
    expect(received).toBe(sent)
    // A lower bound only: a busy machine may add to it, never take from it.
    expect(elapsed).toBeGreaterThanOrEqual(2 * DELAY_MS - 2)
  })
})
