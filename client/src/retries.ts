// Retries of 503 answers (the database is unreachable, or a merge holds the identity), after the service's Retry-After.

export interface RetryOptions {
  /** How many times a 503 is tried again (default 3); the last 503 is then the answer. */
  retries: number
  /** The longest wait before one retry, whatever Retry-After asks (default 30 s). */
  maxDelayMs: number
}

/** Wraps `fetch`: a 503 is sent again after its Retry-After (seconds or a date), bounded. */
export function retrying (fetch: (request: Request) => Promise<Response>, options: RetryOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      // A clone per attempt: a sent request's body cannot be read again.
      const response = await fetch(attempt < options.retries ? request.clone() : request)
      if (response.status !== 503 || attempt >= options.retries) return response
      await response.body?.cancel()
      await delay(Math.min(retryDelayMs(response.headers.get('retry-after'), attempt), options.maxDelayMs), request.signal)
    }
  }
}

/** What Retry-After asks for; without one, 1 s doubled at each attempt. */
export function retryDelayMs (retryAfter: string | null, attempt: number): number {
  if (retryAfter !== null) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now())
  }
  return 1000 * 2 ** attempt
}

async function delay (ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done (): void {
      signal.removeEventListener('abort', aborted)
      resolve()
    }
    function aborted (): void {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', aborted, { once: true })
  })
}
