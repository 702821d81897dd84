import { OmnisendRateLimitError, OmnisendUnavailableError } from "../errors"
import { longestRequestDurationMs } from "../longest-request-duration"
import { computeRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS } from "../retry-policy"

describe("longestRequestDurationMs", () => {
  it("adds every attempt's deadline and the longest wait before each retry", () => {
    // 4 attempts of 10 s, 3 waits of a 60 s announced reset plus at most 1 s of jitter.
    expect(longestRequestDurationMs({ timeoutMs: 10_000, maxRetries: 3, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS })).toBe(223_000)
  })

  it("is one deadline when nothing is retried", () => {
    expect(longestRequestDurationMs({ timeoutMs: 10_000, maxRetries: 0, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS })).toBe(10_000)
  })

  it("is never shorter than the waits the retry policy actually picks", () => {
    const limits = { timeoutMs: 10_000, maxRetries: 5, maxDelayMs: 30_000 }
    const reasons = [
      new OmnisendRateLimitError({ status: 429, retryAfterMs: limits.maxDelayMs }),
      new OmnisendUnavailableError({ status: 503, reason: "server_error" }),
    ]
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      for (const reason of reasons) {
        let waitedMs = 0
        for (let retry = 1; retry <= limits.maxRetries; retry++) {
          waitedMs += computeRetryDelayMs(retry, reason, { baseDelayMs: 500, maxDelayMs: limits.maxDelayMs, random })
        }
        expect(waitedMs + (limits.maxRetries + 1) * limits.timeoutMs).toBeLessThanOrEqual(longestRequestDurationMs(limits))
      }
    }
  })
})
