import { planRateBudget } from "../plan-rate-budget"
import type { RateBudgetPlan } from "../plan-rate-budget"

const DEFAULT_SHARES = { share: 0.8, liveReserve: 0.25 }

/** Requests a limiter lets through per window, on average. */
function perWindow(shape: RateBudgetPlan["all"], windowSeconds: number): number {
  return (shape.points * windowSeconds) / shape.durationSeconds
}

describe("planRateBudget", () => {
  it("keeps Omnisend v3's 400 a minute to 80 %; background stops for the window at 60 % used", () => {
    const plan = planRateBudget({ limit: 400, windowSeconds: 60 }, DEFAULT_SHARES)
    expect(plan).toEqual({
      all: { points: 10, durationSeconds: 2 },
      background: { points: 10, durationSeconds: 2 },
      stopAllAtRemaining: 80,
      stopBackgroundAtRemaining: 160,
    })
    expect(perWindow(plan.all, 60)).toBe(300)
  })

  it("paces 40 per 10 s at most 32 per window; background stops for the window at 24 used", () => {
    const plan = planRateBudget({ limit: 40, windowSeconds: 10 }, DEFAULT_SHARES)
    expect(plan).toEqual({
      all: { points: 12, durationSeconds: 4 },
      background: { points: 12, durationSeconds: 4 },
      stopAllAtRemaining: 8,
      stopBackgroundAtRemaining: 16,
    })
  })

  it("never paces above the share or lets background reach into the live reserve, whatever the limit", () => {
    for (const limit of [1, 5, 7, 40, 120, 400, 1000, 5000]) {
      for (const windowSeconds of [0.5, 1, 6.75, 10, 60, 3600]) {
        for (const shares of [DEFAULT_SHARES, { share: 1, liveReserve: 0 }, { share: 0.1, liveReserve: 0.9 }]) {
          const plan = planRateBudget({ limit, windowSeconds }, shares)
          const budget = Math.max(1, Math.floor(limit * shares.share))
          const longestSlice = Math.max(1, Math.floor(windowSeconds), Math.ceil(windowSeconds / budget))
          expect(plan.all.points).toBeGreaterThanOrEqual(1)
          expect(plan.all.durationSeconds).toBeGreaterThanOrEqual(1)
          expect(plan.all.durationSeconds).toBeLessThanOrEqual(longestSlice)
          expect(perWindow(plan.all, windowSeconds)).toBeLessThanOrEqual(budget + 1e-9)
          expect(perWindow(plan.background, windowSeconds)).toBeLessThanOrEqual(perWindow(plan.all, windowSeconds))
          expect(plan.stopBackgroundAtRemaining).toBeGreaterThanOrEqual(plan.stopAllAtRemaining)
        }
      }
    }
  })

  it("leaves the store's other integrations the part of the limit the plugin does not use", () => {
    expect(planRateBudget({ limit: 400, windowSeconds: 60 }, { share: 0.5, liveReserve: 0.5 })).toEqual(
      expect.objectContaining({ stopAllAtRemaining: 200, stopBackgroundAtRemaining: 300 })
    )
  })
})
