// Progress of a long phase: a cli-progress bar (rows/s, time left) on a terminal, plain lines every few seconds otherwise.
import cliProgress from 'cli-progress'

export interface Progress {
  update (done: number): void
  stop (): void
}

// Plain lines (logs, CI) are for people reading later: one every few seconds is plenty.
const LINE_EVERY_MS = 5000

/** Reports `phase` towards `total` `unit`s (0: unknown, while reading) on `stream`. */
export function startProgress (phase: string, total: number, unit = 'rows', stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now()
  const speed = (done: number): number => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001))
  if (stream.isTTY === true && total > 0) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: `${phase} [{bar}] {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | {eta_formatted} left`,
      etaBuffer: 50
    }, cliProgress.Presets.shades_classic)
    bar.start(total, 0, { speed: 0 })
    return { update: done => { bar.update(done, { speed: speed(done) }) }, stop: () => { bar.stop() } }
  }
  let lastLine = started
  const line = (done: number): void => {
    const rate = speed(done)
    const left = total > 0 && rate > 0 ? `, about ${Math.ceil((total - done) / rate)} s left` : ''
    stream.write(`${phase}: ${done}${total > 0 ? `/${total}` : ''} ${unit}, ${rate} ${unit}/s${left}\n`)
  }
  let last = 0
  return {
    update: done => {
      last = done
      if (Date.now() - lastLine < LINE_EVERY_MS) return
      lastLine = Date.now()
      line(done)
    },
    stop: () => { line(last) }
  }
}
