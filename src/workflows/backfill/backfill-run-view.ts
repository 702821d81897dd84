import { normalizeBackfillReport } from "./backfill-report"
import type { BackfillReport } from "./backfill-types"

/** The stored run, as the module service lists it. */
export interface StoredBackfillRun {
  id: string
  status: "running" | "completed" | "failed" | "cancelled"
  dry_run: boolean
  mode: "full" | "changed"
  processed: number
  total: number
  succeeded: number
  failed: number
  skipped: number
  batches: number
  report: unknown
  started_at: Date | string
  finished_at: Date | string | null
  last_error: string | null
}

/** A run as the admin API answers it: the stored run with its progress and a normalised report. */
export type BackfillRunView = Omit<StoredBackfillRun, "report"> & {
  /** 0..1: customers settled out of those in the store when the run started. */
  progress: number
  report: BackfillReport
}

/** Share of the run done: 1 once completed; customers created during a run never push it past 1. */
export function backfillProgress(run: Pick<StoredBackfillRun, "status" | "processed" | "total">): number {
  if (run.status === "completed") {
    return 1
  }
  return run.total > 0 ? Math.min(1, run.processed / run.total) : 0
}

/** A run as the admin API answers it. */
export function backfillRunView(run: StoredBackfillRun): BackfillRunView {
  return {
    id: run.id,
    status: run.status,
    dry_run: run.dry_run,
    mode: run.mode,
    processed: run.processed,
    total: run.total,
    succeeded: run.succeeded,
    failed: run.failed,
    skipped: run.skipped,
    batches: run.batches,
    progress: backfillProgress(run),
    report: normalizeBackfillReport(run.report),
    started_at: run.started_at,
    finished_at: run.finished_at,
    last_error: run.last_error,
  }
}
