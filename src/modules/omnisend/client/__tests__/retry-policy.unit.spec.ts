import { OmnisendRateLimitError, OmnisendUnavailableError } from "../errors"
import { computeRetryDelayMs } from "../retry-policy"

const unavailable = new OmnisendUnavailableError({ status: 503, reason: "server_error" })
const almostOne = () => 0.999999

describe("computeRetryDelayMs", () => {
  it("backs off exponentially from baseDelayMs", () => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      computeRetryDelayMs(attempt, unavailable, { baseDelayMs: 500, random: almostOne })
    )

    expect(delays).toEqual([499, 999, 1999, 3999])
  })

  it("uses full jitter: anywhere between 0 and the exponential cap", () => {
    expect(computeRetryDelayMs(3, unavailable, { baseDelayMs: 500, random: () => 0 })).toBe(0)
    expect(computeRetryDelayMs(3, unavailable, { baseDelayMs: 500, random: () => 0.5 })).toBe(1000)
  })

  it("caps the backoff at maxDelayMs, 60 s by default", () => {
    expect(computeRetryDelayMs(30, unavailable, { baseDelayMs: 500, random: almostOne })).toBe(59_999)
    expect(computeRetryDelayMs(10, unavailable, { baseDelayMs: 500, maxDelayMs: 2_000, random: almostOne })).toBe(1_999)
    expect(computeRetryDelayMs(5_000, unavailable, { baseDelayMs: 500, random: almostOne })).toBe(59_999)
  })

  it("treats attempts below 1 as the first retry", () => {
    expect(computeRetryDelayMs(0, unavailable, { baseDelayMs: 100, random: almostOne })).toBe(99)
  })

  it("never retries a rate-limited call sooner than announced, and adds a small jitter", () => {
    const limited = new OmnisendRateLimitError({ status: 429, retryAfterMs: 3_000 })

    expect(computeRetryDelayMs(1, limited, { baseDelayMs: 10, random: () => 0 })).toBe(3_000)
    expect(computeRetryDelayMs(1, limited, { baseDelayMs: 10, random: almostOne })).toBe(3_300)
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(computeRetryDelayMs(attempt, limited, { baseDelayMs: 500 })).toBeGreaterThanOrEqual(3_000)
    }
  })

  it("keeps the jitter on a long announced wait to at most a second", () => {
    const limited = new OmnisendRateLimitError({ status: 429, retryAfterMs: 50_000 })

    expect(computeRetryDelayMs(1, limited, { baseDelayMs: 500, random: almostOne })).toBe(51_000)
  })

  it("honours an announced wait even beyond maxDelayMs", () => {
    const limited = new OmnisendRateLimitError({ status: 429, retryAfterMs: 90_000 })

    expect(computeRetryDelayMs(1, limited, { baseDelayMs: 500, maxDelayMs: 60_000, random: () => 0 })).toBe(90_000)
  })

  it("falls back to backoff for a 429 without a hint", () => {
    const limited = new OmnisendRateLimitError({ status: 429 })

    expect(computeRetryDelayMs(2, limited, { baseDelayMs: 500, random: almostOne })).toBe(999)
  })
})
