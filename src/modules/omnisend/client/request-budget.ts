/** Live changes (a customer just saved) go first; background work (backfill, polling jobs) yields. */
export type RequestPriority = "live" | "background"

/** What one answer said of Omnisend's rate limit (v3: the X-Rate-Limit-* headers). */
export interface RateLimitObservation {
  /** Requests allowed per window. */
  limit: number
  /** Requests left in the current window, counting every integration of the account. */
  remaining: number
  /** Seconds until the window resets. */
  resetSeconds: number
}

/**
 * The port through which the client spends Omnisend's request budget: every HTTP attempt first
 * takes a request from it, and reports the rate limit each answer announced.
 */
export interface RequestBudget {
  /**
   * Resolves true when a request of this priority may be sent; false when none was free within
   * `maxWaitMs` (no limit when undefined).
   */
  take(priority: RequestPriority, maxWaitMs?: number): Promise<boolean>
  observe(observation: RateLimitObservation): void
}
