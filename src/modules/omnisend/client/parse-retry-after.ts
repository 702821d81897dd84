/** The ways an API version can announce when a rate-limited client may come back. */
export interface RetryAfterHints {
  /** Standard `Retry-After` header: delay in seconds or an HTTP date. */
  retryAfterHeader?: string
  /** v3 `X-Rate-Limit-Reset` header: seconds left in the current window. */
  rateLimitResetHeader?: string
  /** 2026-03-15 `retryAfter` body field, in seconds. */
  retryAfterBody?: unknown
}

function secondsToMs(value: unknown): number | undefined {
  const seconds =
    typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined
}

function httpDateToMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value || /^\s*[-+]?[\d.]+\s*$/.test(value)) {
    return undefined
  }
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/**
 * Milliseconds to wait before retrying, or undefined when nothing usable was announced.
 * When several hints are present the longest wins: retrying sooner than any of them announced
 * would only earn another 429.
 */
export function parseRetryAfterMs(hints: RetryAfterHints, nowMs: number = Date.now()): number | undefined {
  const candidates = [
    secondsToMs(hints.retryAfterBody),
    secondsToMs(hints.retryAfterHeader) ?? httpDateToMs(hints.retryAfterHeader, nowMs),
    secondsToMs(hints.rateLimitResetHeader),
  ].filter((ms): ms is number => ms !== undefined)
  return candidates.length ? Math.max(...candidates) : undefined
}
