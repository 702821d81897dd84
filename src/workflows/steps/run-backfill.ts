import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PostgresLeases } from "../../lib/postgres-leases"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { BackfillLedgerSql } from "../backfill/backfill-ledger-sql"
import { BACKFILL_HEARTBEAT_MS, BACKFILL_LOCK_KEY, BACKFILL_LOCK_TTL_SECONDS } from "../backfill/backfill-lock"
import { BackfillRunner, WAITING_FOR_KEY, type BackfillRunOutcome } from "../backfill/backfill-runner"
import { BackfillRunModuleStore, toBackfillRunState } from "../backfill/backfill-runs"
import { CustomerTablesSource } from "../backfill/customer-tables-source"

export interface RunBackfillInput {
  run_id: string
  /** The lock owner the claim step acquired with; this step extends the lock and releases it. */
  owner_id: string
  /** Test only: simulate a crash right after this many batches. */
  stop_after_batches?: number
}

const SYNC_OFF =
  "Omnisend sync is turned off or no API key is set, so nothing was sent. Turn sync on and enter the API key " +
  "in Settings -> Omnisend, then start the backfill again (a dry run works without them)."

/**
 * Works through a claimed run until it is done, keeping the lock alive meanwhile. Outcomes (also
 * failures) are written on the run for the admin to show; the lock is released at the end.
 */
export const runBackfillStep = createStep("run-backfill", async (input: RunBackfillInput, { container }) => {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const [record] = await omnisend.listBackfillRuns({ id: input.run_id })
    const state = toBackfillRunState(record)
    const runs = new BackfillRunModuleStore(omnisend)
    const { paused } = await omnisend.resolveSettings()
    if (paused && !state.dry_run) {
      // Not one call with a key Omnisend refused: the run waits, and continues once the key works again.
      const waiting = { ...state, report: { ...state.report, waiting_for_key: true } }
      await runs.finish({ ...waiting, last_error: `Omnisend sync is paused: ${paused.reason} ${WAITING_FOR_KEY}` }, "failed")
      return new StepResponse<BackfillRunOutcome>({ status: "waiting_for_key", reason: paused.reason })
    }
    const settings = await omnisend.getSyncSettings()
    // The backfill yields to live changes in the shared request budget.
    const api = state.dry_run ? null : omnisend.getClient(settings.apiKey, "background")
    if (!state.dry_run && (!settings.enabled || !api)) {
      await runs.finish({ ...state, last_error: SYNC_OFF }, "failed")
      return new StepResponse<BackfillRunOutcome>({ status: "failed", error: SYNC_OFF })
    }

    const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const runner = new BackfillRunner(
      {
        customers: new CustomerTablesSource(pg, settings.mapping.consentKeys),
        ledger: new BackfillLedgerSql(pg),
        runs,
        api,
      },
      {
        mapping: settings.mapping,
        stopAfterBatches: input.stop_after_batches,
        onDatabaseRetry: (notice) => logger.warn(`Omnisend: backfill ${input.run_id}: ${notice}`),
      }
    )
    const heartbeat = setInterval(() => {
      leases.tryAcquire(BACKFILL_LOCK_KEY, input.owner_id, BACKFILL_LOCK_TTL_SECONDS).then(
        (held) => (held ? runner.checkpoint().catch(() => undefined) : runner.halt("another process took over the backfill lock")),
        // The database is away: the runner's own retries ride it out; the lease outlives a short loss.
        () => undefined
      )
    }, BACKFILL_HEARTBEAT_MS)
    // A deploy's SIGTERM stops the run at its next step, checkpointed and with the lease given back,
    // so that the process exits at once and the next process resumes from there.
    const stopForShutdown = () => runner.halt("the process is shutting down")
    process.once("SIGTERM", stopForShutdown)
    process.once("SIGINT", stopForShutdown)
    const outcome = await runner.run(state).finally(() => {
      clearInterval(heartbeat)
      process.removeListener("SIGTERM", stopForShutdown)
      process.removeListener("SIGINT", stopForShutdown)
    })
    if (outcome.status === "waiting_for_key") {
      // A refused key fails every call alike: pause, rather than start again at every schedule.
      await omnisend.pauseSyncForRejectedKey(settings.apiKey!, outcome.reason)
    }
    const detail =
      outcome.status === "failed" ? `: ${outcome.error}` : outcome.status === "completed" ? "" : ` (${outcome.reason})`
    logger.info(`Omnisend: backfill ${input.run_id} ${outcome.status}${detail}`)
    return new StepResponse(outcome)
  } finally {
    await leases.release(BACKFILL_LOCK_KEY, input.owner_id)
  }
})
