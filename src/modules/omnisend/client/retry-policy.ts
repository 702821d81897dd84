import { OmnisendRateLimitError } from "./errors"

export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000

// Jitter added on top of an announced wait: enough to spread clients apart, never a long delay.
const MAX_HINT_JITTER_MS = 1_000
const HINT_JITTER_RATIO = 0.1

export interface RetryDelayOptions {
  baseDelayMs: number
  maxDelayMs?: number
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  random?: () => number
}

/**
 * How long to wait before retry number `attempt` (1 = first retry).
 * A rate-limit error that announces when the window resets is honoured exactly, plus a small
 * jitter, so we never come back sooner than Omnisend asked. Anything else gets exponential
 * backoff with full jitter, capped at `maxDelayMs`.
 */
export function computeRetryDelayMs(
  attempt: number,
  error: unknown,
  { baseDelayMs, maxDelayMs = DEFAULT_MAX_RETRY_DELAY_MS, random = Math.random }: RetryDelayOptions
): number {
  if (error instanceof OmnisendRateLimitError && error.retryAfterMs !== undefined) {
    const hintMs = Math.max(0, error.retryAfterMs)
    const jitterCapMs = Math.min(MAX_HINT_JITTER_MS, Math.max(baseDelayMs, hintMs * HINT_JITTER_RATIO))
    return Math.ceil(hintMs + random() * jitterCapMs)
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1)
  const capMs = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent)
  return Math.floor(random() * capMs)
}
