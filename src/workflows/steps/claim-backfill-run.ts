import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PostgresLeases } from "../../lib/postgres-leases"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import {
  BACKFILL_LOCK_KEY,
  BACKFILL_LOCK_TTL_SECONDS,
  BACKFILL_START_LEASE,
  BACKFILL_START_LOCK_KEY,
} from "../backfill/backfill-lock"
import { createBackfillRun, findRunningBackfillRun } from "../backfill/backfill-runs"
import type { BackfillMode } from "../backfill/backfill-types"

export interface ClaimBackfillRunInput {
  mode: BackfillMode
  dry_run: boolean
  /** False: only pick up the run in progress (created by an admin request, or interrupted). */
  start_new: boolean
}

/** The run this process works on, and the lock owner that holds it; nulls when there is none. */
export interface BackfillClaim {
  run_id: string | null
  owner_id: string | null
}

/**
 * Takes the backfill lock and the run to work on: the run in progress when there is one (an
 * interrupted run continues from its checkpoint), else a new one, unless sync is paused. When
 * another process holds the lock, it is working on the run already and nothing is claimed.
 */
export const claimBackfillRunStep = createStep(
  "claim-backfill-run",
  async (input: ClaimBackfillRunInput, { container }) => {
    const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const ownerId = randomUUID()
    const unclaimed = new StepResponse<BackfillClaim, string | null>({ run_id: null, owner_id: null }, null)
    if (!(await leases.tryAcquire(BACKFILL_LOCK_KEY, ownerId, BACKFILL_LOCK_TTL_SECONDS))) {
      return unclaimed
    }
    const run = await leases
      .withLease(BACKFILL_START_LOCK_KEY, BACKFILL_START_LEASE, async () => {
        const running = await findRunningBackfillRun(omnisend)
        if (running || !input.start_new) {
          return running
        }
        // Sync paused on a refused key: no new run until the key works (a dry run calls no one).
        if (!input.dry_run && (await omnisend.resolveSettings()).paused) {
          return null
        }
        return await createBackfillRun(omnisend, { mode: input.mode, dry_run: input.dry_run })
      })
      .catch(async (error: unknown) => {
        // A failing step is not compensated: give the lock back here.
        await leases.release(BACKFILL_LOCK_KEY, ownerId)
        throw error
      })
    if (!run) {
      await leases.release(BACKFILL_LOCK_KEY, ownerId)
      return unclaimed
    }
    return new StepResponse<BackfillClaim, string | null>({ run_id: run.id, owner_id: ownerId }, ownerId)
  },
  async (ownerId, { container }) => {
    if (ownerId) {
      await new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION)).release(BACKFILL_LOCK_KEY, ownerId)
    }
  }
)
