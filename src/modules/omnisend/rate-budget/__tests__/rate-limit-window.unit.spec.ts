import { learnRateLimit, NOTHING_LEARNED, rateLimitWindow } from "../rate-limit-window"

describe("rate limit window", () => {
  it("assumes Omnisend's documented 400 requests a minute before any answer", () => {
    expect(rateLimitWindow(NOTHING_LEARNED)).toEqual({ limit: 400, windowSeconds: 60 })
  })

  it("learns the limit from the headers and the window from the longest reset seen", () => {
    const learned = learnRateLimit(NOTHING_LEARNED, { limit: 40, remaining: 39, resetSeconds: 10 })
    expect(rateLimitWindow(learned)).toEqual({ limit: 40, windowSeconds: 10 })
    const later = learnRateLimit(learned, { limit: 40, remaining: 20, resetSeconds: 4 })
    expect(rateLimitWindow(later)).toEqual({ limit: 40, windowSeconds: 10 })
  })

  it("never assumes a faster pace than documented: a first answer late in a window says little", () => {
    const learned = learnRateLimit(NOTHING_LEARNED, { limit: 400, remaining: 120, resetSeconds: 3 })
    expect(rateLimitWindow(learned)).toEqual({ limit: 400, windowSeconds: 60 })
  })

  it("follows a limit that changes", () => {
    const learned = learnRateLimit(
      learnRateLimit(NOTHING_LEARNED, { limit: 400, remaining: 399, resetSeconds: 60 }),
      { limit: 200, remaining: 10, resetSeconds: 30 }
    )
    expect(rateLimitWindow(learned)).toEqual({ limit: 200, windowSeconds: 60 })
  })

  it("does not learn a window from a reset that cannot be seconds left (e.g. a timestamp)", () => {
    const learned = learnRateLimit(NOTHING_LEARNED, { limit: 400, remaining: 10, resetSeconds: 1_767_225_600 })
    expect(rateLimitWindow(learned)).toEqual({ limit: 400, windowSeconds: 60 })
  })
})
