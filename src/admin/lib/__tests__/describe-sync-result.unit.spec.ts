import { describeSyncResult } from "../describe-sync-result"

describe("describeSyncResult", () => {
  it("tells a sent contact from one already up to date", () => {
    expect(describeSyncResult({ outcome: { state: "synced", sent: "patch" }, entry: null })).toEqual({
      ok: true,
      message: "Synced to Omnisend",
    })
    expect(describeSyncResult({ outcome: { state: "synced", sent: "none" }, entry: null }).message).toBe(
      "Already up to date in Omnisend"
    )
  })

  it("gives Omnisend's reason for a failure", () => {
    const failed = { state: "failed" as const, error: { code: "OMNISEND_INVALID_DATA", message: "Omnisend refused the data" } }
    expect(describeSyncResult({ outcome: failed, entry: null })).toEqual({ ok: false, message: "Omnisend refused the data" })
  })

  it("explains a skipped customer", () => {
    expect(describeSyncResult({ outcome: { state: "skipped", reason: "no email" }, entry: null }).message).toBe("Not sent: no email")
  })
})
