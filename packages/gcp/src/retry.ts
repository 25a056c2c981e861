import { abortableDelay, VaultError } from '@external-vault/core'

export interface RetrySettings {
  /** Tries in all, the first included. Default 3; 1 turns retrying off. */
  attempts?: number
  /** Base delay in ms before the first retry, doubled each time (full jitter). Default 200. */
  backoff?: number
  /** Longest single delay in ms. Default 5000. */
  maxBackoff?: number
}

export type RetryPolicy = Required<RetrySettings>

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoff: 200, maxBackoff: 5000 }

export function retryPolicy(settings: RetrySettings | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...settings }
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1)
    throw new RangeError(
      `retry.attempts must be a whole number of 1 or more; got ${String(policy.attempts)}.`,
    )
  for (const name of ['backoff', 'maxBackoff'] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0)
      throw new RangeError(`retry.${name} must be 0 or more milliseconds; got ${String(policy[name])}.`)
  }
  return policy
}

/**
 * Runs `task` until it succeeds, throws a non-retryable error, or runs out of attempts.
 * Retries only VaultErrors marked retryable (THROTTLED, UNAVAILABLE): the REST transport of the
 * Google SDK 6.x retries nothing on its own (a 503 arrives as an HTTP status, not a gRPC code).
 */
export async function withRetry<T>(
  task: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted()
    try {
      return await task()
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (!VaultError.isInstance(error) || !error.retryable || attempt >= policy.attempts) throw error
      const ceiling = Math.min(policy.maxBackoff, policy.backoff * 2 ** (attempt - 1))
      await abortableDelay(Math.random() * ceiling, signal)
    }
  }
}
