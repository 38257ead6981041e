// New attempts for requests that met a conflicting one: jittered, capped exponential backoff.
import { setTimeout as sleep } from 'node:timers/promises'
import { identityBusy, isRetryable, type IdentityError } from '../errors.js'

export interface RetryPolicy {
  /** Attempts of one request before it is answered IDENTITY_BUSY. */
  attempts: number
  /** First backoff; doubles per attempt up to `maxDelayMs`, with full jitter. */
  baseDelayMs: number
  maxDelayMs: number
  /** Told of each new attempt, with the error that made it necessary (for metrics). */
  onRetry?: (error: IdentityError) => void
}

/**
 * Runs `attempt` again, after a jittered backoff, while it fails with a retryable error.
 * @throws IdentityError IDENTITY_BUSY once the attempts are used up.
 */
export async function withRetries<T> (policy: RetryPolicy, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber)
    } catch (error) {
      if (!isRetryable(error)) throw error
      if (attemptNumber >= policy.attempts) throw identityBusy(error)
      policy.onRetry?.(error as IdentityError)
      await sleep(Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1)))
    }
  }
}
