import { OmnisendRateLimitError } from "./errors"
import { computeRetryDelayMs } from "./retry-policy"

/** The client's limits that bound how long one call can take. */
export interface RequestRetryLimits {
  /** Deadline of one attempt. */
  timeoutMs: number
  maxRetries: number
  /** Backoff cap; a 429 announcing a longer wait is thrown at once, not waited for. */
  maxDelayMs: number
  /** The longest an attempt waits for the shared request budget; 0 or undefined without one. */
  budgetMaxWaitMs?: number
}

/**
 * The longest one client call can last: every attempt runs to its deadline, and every wait is the
 * longest the retry policy allows, a 429 asking for the whole backoff cap plus its jitter.
 */
export function longestRequestDurationMs({ timeoutMs, maxRetries, maxDelayMs, budgetMaxWaitMs = 0 }: RequestRetryLimits): number {
  const longestAnnouncedWait = new OmnisendRateLimitError({ retryAfterMs: maxDelayMs })
  // random() -> 1 is the bound of every jittered wait; a base at the cap bounds the exponential backoff.
  const policy = { baseDelayMs: maxDelayMs, maxDelayMs, random: () => 1 }
  // Every attempt may first wait for the budget, up to its limit.
  let totalMs = (maxRetries + 1) * (timeoutMs + budgetMaxWaitMs)
  for (let retry = 1; retry <= maxRetries; retry++) {
    totalMs += Math.max(
      computeRetryDelayMs(retry, longestAnnouncedWait, policy),
      computeRetryDelayMs(retry, new Error("connection reset"), policy)
    )
  }
  return totalMs
}
