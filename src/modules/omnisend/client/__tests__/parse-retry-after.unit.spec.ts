import { parseRetryAfterMs } from "../parse-retry-after"

const NOW = Date.parse("2026-01-01T12:00:00Z")

describe("parseRetryAfterMs", () => {
  it("reads v3's X-Rate-Limit-Reset seconds", () => {
    expect(parseRetryAfterMs({ rateLimitResetHeader: "12" }, NOW)).toBe(12_000)
  })

  it("reads a Retry-After header in seconds or as an HTTP date", () => {
    expect(parseRetryAfterMs({ retryAfterHeader: "3" }, NOW)).toBe(3_000)
    expect(parseRetryAfterMs({ retryAfterHeader: "Thu, 01 Jan 2026 12:00:05 GMT" }, NOW)).toBe(5_000)
    expect(parseRetryAfterMs({ retryAfterHeader: "Thu, 01 Jan 2026 11:59:00 GMT" }, NOW)).toBe(0)
  })

  it("reads a retryAfter body field in seconds", () => {
    expect(parseRetryAfterMs({ retryAfterBody: 2 }, NOW)).toBe(2_000)
    expect(parseRetryAfterMs({ retryAfterBody: "1.5" }, NOW)).toBe(1_500)
  })

  it("takes the longest of several hints", () => {
    expect(parseRetryAfterMs({ retryAfterHeader: "2", rateLimitResetHeader: "7", retryAfterBody: 4 }, NOW)).toBe(7_000)
  })

  it("ignores missing and unusable hints", () => {
    expect(parseRetryAfterMs({}, NOW)).toBeUndefined()
    expect(parseRetryAfterMs({ retryAfterHeader: "soon", rateLimitResetHeader: "-1", retryAfterBody: {} }, NOW)).toBeUndefined()
    expect(parseRetryAfterMs({ retryAfterHeader: "", retryAfterBody: null }, NOW)).toBeUndefined()
  })
})
