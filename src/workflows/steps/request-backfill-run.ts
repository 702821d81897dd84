import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PostgresLeases } from "../../lib/postgres-leases"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { describeInactiveSync } from "../../modules/omnisend/settings/describe-inactive-sync"
import { BACKFILL_START_LEASE, BACKFILL_START_LOCK_KEY } from "../backfill/backfill-lock"
import {
  createBackfillRun,
  findRunningBackfillRun,
  isBackfillRunStale,
  type BackfillRunRecord,
} from "../backfill/backfill-runs"

export interface BackfillRunRequest {
  run: BackfillRunRecord
  /** False when a run is already in progress: it is answered instead. */
  started: boolean
}

/**
 * Creates the full backfill a merchant asked for, unless one is in progress. An interrupted run
 * (no heartbeat for longer than the lock lasts) is started again instead of a new one.
 */
export const requestBackfillRunStep = createStep(
  "request-backfill-run",
  async (input: { dry_run: boolean }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const resolved = await omnisend.resolveSettings()
    if (!input.dry_run && resolved.paused) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${describeInactiveSync(resolved)} A backfill that stopped on the refused key then continues where it stopped.`
      )
    }
    const settings = await omnisend.getSyncSettings()
    if (!input.dry_run && !settings.enabled) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Omnisend sync is turned off or no API key is set. Turn sync on and enter the API key in " +
          "Settings -> Omnisend, or start a dry run to see what a backfill would send."
      )
    }
    const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    const request = await leases.withLease(
      BACKFILL_START_LOCK_KEY,
      BACKFILL_START_LEASE,
      async (): Promise<BackfillRunRequest> => {
        const running = await findRunningBackfillRun(omnisend)
        if (running) {
          return { run: running, started: isBackfillRunStale(running, new Date()) }
        }
        return { run: await createBackfillRun(omnisend, { mode: "full", dry_run: input.dry_run }), started: true }
      }
    )
    return new StepResponse(request)
  }
)
