import type { RateLimitOptions } from "./types"

export interface RateLimitDecision {
  allowed: boolean
  headers: Record<string, string>
}

/**
 * Omnisend's fixed-window request budget (400 per minute in v3), shared by all requests. The
 * window opens with the first request, and the headers tell clients how long to wait.
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
