import { emptyBackfillReport } from "../backfill-report"
import { backfillProgress, backfillRunView, type StoredBackfillRun } from "../backfill-run-view"

const run: StoredBackfillRun = {
  id: "ombf_1",
  status: "running",
  dry_run: false,
  mode: "full",
  processed: 250,
  total: 1000,
  succeeded: 240,
  failed: 0,
  skipped: 10,
  batches: 1,
  report: null,
  started_at: "2026-11-26T10:00:00.000Z",
  finished_at: null,
  last_error: null,
}

describe("backfill run view", () => {
  it("reports progress as the share of customers settled", () => {
    expect(backfillProgress(run)).toBe(0.25)
    expect(backfillProgress({ ...run, total: 0 })).toBe(0)
    // Customers created during the run never push it past 1, and a completed run is done.
    expect(backfillProgress({ ...run, processed: 1200 })).toBe(1)
    expect(backfillProgress({ ...run, status: "completed", processed: 0, total: 0 })).toBe(1)
  })

  it("answers the admin API's fields, with a complete report", () => {
    expect(backfillRunView(run)).toEqual({
      id: "ombf_1",
      status: "running",
      dry_run: false,
      mode: "full",
      processed: 250,
      total: 1000,
      succeeded: 240,
      failed: 0,
      skipped: 10,
      batches: 1,
      progress: 0.25,
      report: emptyBackfillReport(),
      started_at: "2026-11-26T10:00:00.000Z",
      finished_at: null,
      last_error: null,
    })
  })
})
