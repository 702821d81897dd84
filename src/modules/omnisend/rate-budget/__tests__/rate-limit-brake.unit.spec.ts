import { planRateBudget } from "../plan-rate-budget"
import { rateLimitBrake } from "../rate-limit-brake"

const plan = planRateBudget({ limit: 40, windowSeconds: 10 }, { share: 0.8, liveReserve: 0.25 })

describe("rateLimitBrake", () => {
  it("holds nothing while the window has plenty left", () => {
    expect(rateLimitBrake({ limit: 40, remaining: 17, resetSeconds: 6 }, plan, 10)).toBeNull()
  })

  it("holds background work when only the live reserve and the others' part are left", () => {
    expect(rateLimitBrake({ limit: 40, remaining: 16, resetSeconds: 6 }, plan, 10)).toEqual({ holds: "background", seconds: 6 })
  })

  it("holds everything until the reset when only the others' part is left, or after a 429", () => {
    expect(rateLimitBrake({ limit: 40, remaining: 8, resetSeconds: 6 }, plan, 10)).toEqual({ holds: "all", seconds: 6 })
    expect(rateLimitBrake({ limit: 40, remaining: 0, resetSeconds: 0 }, plan, 10)).toEqual({ holds: "all", seconds: 1 })
  })

  it("never holds longer than one window", () => {
    expect(rateLimitBrake({ limit: 40, remaining: 0, resetSeconds: 90_000 }, plan, 10)).toEqual({ holds: "all", seconds: 10 })
  })
})
