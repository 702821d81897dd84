import { readRateLimitHeaders } from "../read-rate-limit-headers"

describe("readRateLimitHeaders", () => {
  it("reads the three X-Rate-Limit-* headers of a v3 answer", () => {
    expect(
      readRateLimitHeaders({ "x-rate-limit-limit": "400", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "17" })
    ).toEqual({ limit: 400, remaining: 0, resetSeconds: 17 })
  })

  it("rounds a fractional reset up, so the plugin never comes back early", () => {
    expect(
      readRateLimitHeaders({ "x-rate-limit-limit": "40", "x-rate-limit-remaining": "3", "x-rate-limit-reset": "2.2" })
    ).toEqual({ limit: 40, remaining: 3, resetSeconds: 3 })
  })

  it("answers null when a header is missing or not a number (an answer from a proxy)", () => {
    expect(readRateLimitHeaders({})).toBeNull()
    expect(readRateLimitHeaders({ "x-rate-limit-limit": "400", "x-rate-limit-remaining": "12" })).toBeNull()
    expect(
      readRateLimitHeaders({ "x-rate-limit-limit": "many", "x-rate-limit-remaining": "12", "x-rate-limit-reset": "5" })
    ).toBeNull()
    expect(
      readRateLimitHeaders({ "x-rate-limit-limit": "400", "x-rate-limit-remaining": "-1", "x-rate-limit-reset": "5" })
    ).toBeNull()
    expect(
      readRateLimitHeaders({ "x-rate-limit-limit": "0", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "5" })
    ).toBeNull()
  })
})
