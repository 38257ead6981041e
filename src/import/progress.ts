// Progress of a long phase: a cli-progress bar (rows/s, time left) on a terminal, plain lines every few seconds otherwise.
import cliProgress from 'cli-progress'

export interface Progress {
  /**
   * `done` of the total (bytes of a file being read, documents written, rows sent); `count`:
   * the `unit`s so far when they are not what `done` counts (rows, while bytes measure the way).
   */
  update (done: number, count?: number): void
  stop (): void
}

// Plain lines (logs, CI) are for people reading later: one every few seconds is plenty.
const LINE_EVERY_MS = 5000

/** Reports `phase` towards `total` (0: unknown) on `stream`, counting `unit`s. */
export function startProgress (phase: string, total: number, unit = 'rows', stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now()
  const elapsed = (): number => Math.max((Date.now() - started) / 1000, 0.001)
  const payload = (count: number) => ({ count, speed: Math.round(count / elapsed()) })
  if (stream.isTTY === true && total > 0) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: `${phase} [{bar}] {percentage}% | {count} ${unit} | {speed} ${unit}/s | {eta_formatted} left`,
      etaBuffer: 50
    }, cliProgress.Presets.shades_classic)
    bar.start(total, 0, payload(0))
    return { update: (done, count = done) => { bar.update(done, payload(count)) }, stop: () => { bar.stop() } }
  }
  let lastLine = started
  let last = { done: 0, count: 0 }
  let printed = -1
  const line = (): void => {
    if (printed === last.count) return
    printed = last.count
    const { count, speed } = payload(last.count)
    const left = total > 0 && last.done > 0 ? `, about ${Math.ceil(elapsed() * (total - last.done) / last.done)} s left` : ''
    stream.write(`${phase}: ${count} ${unit}, ${speed} ${unit}/s${left}\n`)
  }
  return {
    update: (done, count = done) => {
      last = { done, count }
      if (Date.now() - lastLine < LINE_EVERY_MS) return
      lastLine = Date.now()
      line()
    },
    stop: line
  }
}
