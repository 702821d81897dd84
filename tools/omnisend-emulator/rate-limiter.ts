import type { RateLimitOptions } from "./types"

export interface RateLimitDecision {
  allowed: boolean
  headers: Record<string, string>
}

/**
 * REFERENCE: Omnisend's request budget (400 per minute in v3) and its X-Rate-Limit-* headers, Reset
 * being the seconds left in the window (CONTRACT: error_rate_limited). ASSUMPTION: a fixed window
 * shared by all requests, opened by the first one; Reset rounds up and is at least 1.
 */
export class RateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY
  private count = 0

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now
  ) {}

  take(): RateLimitDecision {
    const now = this.now()
    if (now >= this.windowStart + this.options.windowMs) {
      this.windowStart = now
      this.count = 0
    }
    this.count++
    const resetSeconds = Math.max(1, Math.ceil((this.windowStart + this.options.windowMs - now) / 1000))
    return {
      allowed: this.count <= this.options.limit,
      headers: {
        "X-Rate-Limit-Limit": String(this.options.limit),
        "X-Rate-Limit-Remaining": String(Math.max(0, this.options.limit - this.count)),
        "X-Rate-Limit-Reset": String(resetSeconds),
      },
    }
  }
}
