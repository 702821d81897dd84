import type { RateLimitObservation } from "../client/request-budget"

/** Omnisend v3's documented limit: the limit assumed until its headers say otherwise, and the fastest pace ever assumed. */
export const OMNISEND_DOCUMENTED_LIMIT = { requests: 400, windowSeconds: 60 } as const

// A reset further away than this is not "seconds left in the window" (e.g. a timestamp): not learned from.
const MAX_PLAUSIBLE_RESET_SECONDS = 3_600

/** What the answers so far taught about Omnisend's limit. */
export interface LearnedRateLimit {
  limit: number
  /** The longest X-Rate-Limit-Reset seen: the window is at least this long. 0 before any answer. */
  longestResetSeconds: number
}

export interface RateLimitWindow {
  limit: number
  windowSeconds: number
}

export const NOTHING_LEARNED: LearnedRateLimit = { limit: OMNISEND_DOCUMENTED_LIMIT.requests, longestResetSeconds: 0 }

export function learnRateLimit(learned: LearnedRateLimit, observation: RateLimitObservation): LearnedRateLimit {
  const reset = observation.resetSeconds <= MAX_PLAUSIBLE_RESET_SECONDS ? observation.resetSeconds : 0
  return { limit: observation.limit, longestResetSeconds: Math.max(learned.longestResetSeconds, reset) }
}

/**
 * The window the budget paces over. The headers give the limit but not the window's length: a
 * window is at least as long as the longest reset seen, and never assumed shorter than the
 * documented pace allows (a first answer late in a window announces only a few seconds).
 */
export function rateLimitWindow(learned: LearnedRateLimit): RateLimitWindow {
  const { requests, windowSeconds } = OMNISEND_DOCUMENTED_LIMIT
  return {
    limit: learned.limit,
    windowSeconds: Math.max(learned.longestResetSeconds, (learned.limit * windowSeconds) / requests),
  }
}
