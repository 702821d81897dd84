import type { RateLimitObservation } from "./request-budget"

function nonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return undefined
  }
  return Number(value)
}

/**
 * The rate limit an answer announced, from headers with lower-case names; null unless all three
 * X-Rate-Limit-* headers hold numbers (an answer from a proxy in front of Omnisend may carry none).
 */
export function readRateLimitHeaders(headers: Record<string, string>): RateLimitObservation | null {
  const limit = nonNegativeNumber(headers["x-rate-limit-limit"])
  const remaining = nonNegativeNumber(headers["x-rate-limit-remaining"])
  const resetSeconds = nonNegativeNumber(headers["x-rate-limit-reset"])
  if (limit === undefined || remaining === undefined || resetSeconds === undefined || limit < 1) {
    return null
  }
  return { limit: Math.floor(limit), remaining: Math.floor(remaining), resetSeconds: Math.ceil(resetSeconds) }
}
