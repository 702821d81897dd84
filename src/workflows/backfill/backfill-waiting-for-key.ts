import type { OmnisendModuleService } from "../../modules/omnisend"
import { normalizeBackfillReport } from "./backfill-report"
import { findLatestBackfillRun, type BackfillRunRecord } from "./backfill-runs"

type RunService = Pick<
  OmnisendModuleService,
  "listBackfillRuns" | "createBackfillRuns" | "updateBackfillRuns" | "deleteBackfillRuns"
>

/** The latest run, when it stopped because Omnisend refused the key and waits to continue. */
export async function findBackfillRunWaitingForKey(omnisend: RunService): Promise<BackfillRunRecord | null> {
  const run = await findLatestBackfillRun(omnisend)
  return run?.status === "failed" && normalizeBackfillReport(run.report).waiting_for_key ? run : null
}

/**
 * Puts a run that waited for the key back to work: running again, from the cursor and batches it
 * checkpointed, for the next process that claims it (at once when an event asks for it, else at the
 * next scheduled run or start once its heartbeat is stale).
 */
export async function reopenBackfillRunWaitingForKey(omnisend: RunService, run: BackfillRunRecord): Promise<void> {
  await omnisend.updateBackfillRuns({
    id: run.id,
    status: "running",
    heartbeat_at: new Date(),
    finished_at: null,
    last_error: null,
    report: { ...normalizeBackfillReport(run.report), waiting_for_key: false } as unknown as Record<string, unknown>,
  })
}

/** Undoes reopenBackfillRunWaitingForKey (a compensation): the run waits for the key again. */
export async function restoreBackfillRunWaitingForKey(omnisend: RunService, run: BackfillRunRecord): Promise<void> {
  await omnisend.updateBackfillRuns({
    id: run.id,
    status: run.status,
    heartbeat_at: run.heartbeat_at,
    finished_at: run.finished_at,
    last_error: run.last_error,
    report: run.report,
  })
}
