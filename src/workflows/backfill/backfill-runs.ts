import type { InferTypeOf } from "@medusajs/framework/types"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type BackfillRun from "../../modules/omnisend/models/backfill-run"
import { BACKFILL_LOCK_TTL_SECONDS } from "./backfill-lock"
import type { BackfillRunStore } from "./backfill-ports"
import { emptyBackfillReport, normalizeBackfillReport } from "./backfill-report"
import type { BackfillMode, BackfillRunState, PendingBatchEntry } from "./backfill-types"

export type BackfillRunRecord = InferTypeOf<typeof BackfillRun>

type RunService = Pick<OmnisendModuleService, "listBackfillRuns" | "createBackfillRuns" | "updateBackfillRuns" | "deleteBackfillRuns">

/** The run in progress (status running), if any; at most one exists. */
export async function findRunningBackfillRun(omnisend: RunService): Promise<BackfillRunRecord | null> {
  const [run] = await omnisend.listBackfillRuns({ status: "running" }, { order: { started_at: "ASC" }, take: 1 })
  return run ?? null
}

/** The run in progress, else the latest one. */
export async function findLatestBackfillRun(omnisend: RunService): Promise<BackfillRunRecord | null> {
  const [run] = await omnisend.listBackfillRuns({}, { order: { started_at: "DESC", created_at: "DESC" }, take: 1 })
  return run ?? null
}

export async function createBackfillRun(
  omnisend: RunService,
  { mode, dry_run }: { mode: BackfillMode; dry_run: boolean }
): Promise<BackfillRunRecord> {
  const now = new Date()
  return await omnisend.createBackfillRuns({
    mode,
    dry_run,
    status: "running",
    started_at: now,
    heartbeat_at: now,
    pending_batches: [] as unknown as Record<string, unknown>,
    report: emptyBackfillReport() as unknown as Record<string, unknown>,
  })
}

/** Whether no process has shown life in the run for longer than the lock lasts: it was interrupted. */
export function isBackfillRunStale(run: Pick<BackfillRunRecord, "heartbeat_at" | "started_at">, now: Date): boolean {
  const lastSign = run.heartbeat_at ?? run.started_at
  return now.getTime() - new Date(lastSign).getTime() > BACKFILL_LOCK_TTL_SECONDS * 1000
}

export function toBackfillRunState(run: BackfillRunRecord): BackfillRunState {
  return {
    id: run.id,
    mode: run.mode,
    dry_run: run.dry_run,
    cursor: run.cursor,
    total: run.total,
    processed: run.processed,
    succeeded: run.succeeded,
    failed: run.failed,
    skipped: run.skipped,
    batches: run.batches,
    pending_batches: (run.pending_batches as unknown as PendingBatchEntry[] | null) ?? [],
    report: normalizeBackfillReport(run.report),
    last_error: run.last_error,
  }
}

function checkpointFields(state: BackfillRunState) {
  return {
    id: state.id,
    cursor: state.cursor,
    total: state.total,
    processed: state.processed,
    succeeded: state.succeeded,
    failed: state.failed,
    skipped: state.skipped,
    batches: state.batches,
    // The generated types see JSON columns as records; a list is stored as JSON all the same.
    pending_batches: state.pending_batches as unknown as Record<string, unknown>,
    report: state.report as unknown as Record<string, unknown>,
    last_error: state.last_error,
    heartbeat_at: new Date(),
  }
}

/** Checkpoints through the module service: one small write per page or batch. */
export class BackfillRunModuleStore implements BackfillRunStore {
  constructor(private readonly omnisend: RunService) {}

  async save(state: BackfillRunState): Promise<void> {
    await this.omnisend.updateBackfillRuns(checkpointFields(state))
  }

  async finish(state: BackfillRunState, status: "completed" | "failed"): Promise<void> {
    await this.omnisend.updateBackfillRuns({ ...checkpointFields(state), status, finished_at: new Date() })
  }

  async discard(runId: string): Promise<void> {
    await this.omnisend.deleteBackfillRuns(runId)
  }
}
