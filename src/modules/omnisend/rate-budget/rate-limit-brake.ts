import type { RateLimitObservation } from "../client/request-budget"
import type { RateBudgetPlan } from "./plan-rate-budget"

export interface RateLimitBrake {
  /** "all" holds every request; "background" only background ones. */
  holds: "all" | "background"
  seconds: number
}

/**
 * What an answer's Remaining says to do. It counts every integration of the Omnisend account (the
 * pace counts only the plugin's requests): when the window is nearly spent, whoever spent it, the
 * plugin holds its requests until the window resets. Never longer than a window.
 */
export function rateLimitBrake(
  observation: RateLimitObservation,
  plan: RateBudgetPlan,
  windowSeconds: number
): RateLimitBrake | null {
  const seconds = Math.min(Math.max(1, observation.resetSeconds), Math.ceil(windowSeconds))
  if (observation.remaining <= plan.stopAllAtRemaining) {
    return { holds: "all", seconds }
  }
  if (observation.remaining <= plan.stopBackgroundAtRemaining) {
    return { holds: "background", seconds }
  }
  return null
}
