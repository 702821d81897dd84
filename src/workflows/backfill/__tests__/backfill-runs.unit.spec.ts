import { isBackfillRunStale } from "../backfill-runs"

describe("isBackfillRunStale", () => {
  const now = new Date("2026-11-26T10:00:00.000Z")

  it("takes a run with a recent heartbeat as worked on", () => {
    expect(isBackfillRunStale({ heartbeat_at: new Date("2026-11-26T09:59:30.000Z"), started_at: new Date("2026-11-26T09:00:00.000Z") }, now)).toBe(false)
  })

  it("takes a run silent for longer than the lock lasts as interrupted", () => {
    expect(isBackfillRunStale({ heartbeat_at: new Date("2026-11-26T09:58:59.000Z"), started_at: new Date("2026-11-26T09:00:00.000Z") }, now)).toBe(true)
    expect(isBackfillRunStale({ heartbeat_at: null, started_at: new Date("2026-11-26T09:58:00.000Z") }, now)).toBe(true)
  })
})
