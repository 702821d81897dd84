import { needsBackfill } from "../needs-backfill"

describe("needsBackfill", () => {
  const head = { id: "cus_1", updated_at: new Date("2026-11-20T10:00:00.123Z") }

  it("takes a customer the ledger has no updated_at for as never synced", () => {
    expect(needsBackfill(head, undefined)).toBe(true)
    expect(needsBackfill(head, null)).toBe(true)
  })

  it("takes a customer changed since the recorded version", () => {
    expect(needsBackfill(head, new Date("2026-11-20T10:00:00.122Z"))).toBe(true)
  })

  it("leaves a customer whose recorded version is current, whatever the date's form", () => {
    expect(needsBackfill(head, new Date("2026-11-20T10:00:00.123Z"))).toBe(false)
    expect(needsBackfill({ ...head, updated_at: "2026-11-20T10:00:00.123Z" }, "2026-11-20T10:00:00.123Z")).toBe(false)
    expect(needsBackfill(head, new Date("2026-11-21T00:00:00.000Z"))).toBe(false)
  })
})
