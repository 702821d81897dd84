import type { RateLimitWindow } from "./rate-limit-window"

/** Shares of Omnisend's limit, from the plugin options. */
export interface RateBudgetShares {
  /** Of Omnisend's limit, the part the plugin may use; the rest is left to the store's other integrations. */
  share: number
  /** Of the plugin's part, what background work leaves to live changes. */
  liveReserve: number
}

/** A rate-limiter-flexible limiter: `points` requests per `durationSeconds`. */
export interface LimiterShape {
  points: number
  durationSeconds: number
}

export interface RateBudgetPlan {
  /** Every request of the plugin, of either priority. */
  all: LimiterShape
  /**
   * Background requests, which also take from `all`: the same pace, so a backfill alone runs at the
   * plugin's whole share; live requests go first in each process, and `stopBackgroundAtRemaining`
   * keeps the live reserve of every window.
   */
  background: LimiterShape
  /** Whole window: when Omnisend says this many or fewer are left, nothing more is sent until it resets. */
  stopAllAtRemaining: number
  /** The same for background requests: they stop earlier, so live changes find requests left. */
  stopBackgroundAtRemaining: number
}

// Short slices spread a window's requests out (a burst is at most one slice); this many points a
// slice keeps whole-second slices from rounding the budget away.
const POINTS_PER_SLICE = 10

/**
 * Paces `perWindow` requests a window over whole-second slices, no longer than the window unless
 * one request a slice needs more, and never faster than `perWindow` a window on average.
 */
function sliceOf(perWindow: number, windowSeconds: number): LimiterShape {
  const durationSeconds = Math.max(
    1,
    Math.ceil(windowSeconds / perWindow),
    Math.min(Math.floor(windowSeconds), Math.ceil((POINTS_PER_SLICE * windowSeconds) / perWindow))
  )
  // The epsilon keeps a float like 0.9999999 from rounding a whole request away.
  return { points: Math.floor((perWindow * durationSeconds) / windowSeconds + 1e-9), durationSeconds }
}

export function planRateBudget(window: RateLimitWindow, shares: RateBudgetShares): RateBudgetPlan {
  const perWindow = Math.max(1, Math.floor(window.limit * shares.share))
  const backgroundPerWindow = Math.max(1, Math.floor(perWindow * (1 - shares.liveReserve)))
  return {
    all: sliceOf(perWindow, window.windowSeconds),
    background: sliceOf(perWindow, window.windowSeconds),
    stopAllAtRemaining: window.limit - perWindow,
    stopBackgroundAtRemaining: window.limit - backgroundPerWindow,
  }
}
