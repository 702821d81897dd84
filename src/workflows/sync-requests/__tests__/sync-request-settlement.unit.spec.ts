import { OmnisendErrorCode } from "../../../modules/omnisend/client/errors"
import type { ContactSyncOutcome } from "../../steps/send-contact-to-omnisend"
import { MAX_RETRY_DELAY_MS, retryDelayMs, settleSyncRequest } from "../sync-request-settlement"

function failed(code: string, retryable: boolean): ContactSyncOutcome {
  return { state: "failed", error: { code, message: "what failed", retryable }, warnings: [] }
}

describe("settleSyncRequest", () => {
  it("retries what failed for a reason that passes, with a growing delay", () => {
    expect(settleSyncRequest(failed(OmnisendErrorCode.UNAVAILABLE, true), 1)).toEqual({ kind: "retry", delayMs: 5_000 })
    expect(settleSyncRequest(failed(OmnisendErrorCode.RATE_LIMITED, true), 3)).toEqual({ kind: "retry", delayMs: 20_000 })
  })

  it("gives up on data Omnisend refuses for good: the ledger says failed, with the reason", () => {
    expect(settleSyncRequest(failed(OmnisendErrorCode.INVALID_DATA, false), 1)).toEqual({ kind: "resolve" })
  })

  it("holds the change while the key is refused, and while sync is off or paused", () => {
    expect(settleSyncRequest(failed(OmnisendErrorCode.AUTH_FAILED, false), 1)).toEqual({ kind: "hold" })
    expect(settleSyncRequest({ state: "disabled" }, 0)).toEqual({ kind: "hold" })
  })

  it("is done when the change reached Omnisend or needs nothing sent", () => {
    expect(settleSyncRequest({ state: "customer_missing" }, 0)).toEqual({ kind: "resolve" })
    expect(settleSyncRequest({ state: "skipped", reason: "no email" }, 0)).toEqual({ kind: "resolve" })
    expect(settleSyncRequest({ state: "held", reason: "deleted in Omnisend" }, 0)).toEqual({ kind: "resolve" })
  })
})

describe("retryDelayMs", () => {
  it("doubles from 5 s and never waits longer than a minute, so recovery takes under two", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000])
    expect(MAX_RETRY_DELAY_MS).toBeLessThanOrEqual(60_000)
  })
})
