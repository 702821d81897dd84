import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { BackfillMode } from "./backfill/backfill-types"
import { claimBackfillRunStep } from "./steps/claim-backfill-run"
import { runBackfillStep } from "./steps/run-backfill"

export const BACKFILL_OMNISEND_CONTACTS_WORKFLOW = "backfill-omnisend-contacts"

export interface BackfillOmnisendContactsInput {
  /** Of a new run (default full); a run in progress continues as it started. */
  mode?: BackfillMode
  /** Count what would be sent, without writing to Omnisend or the ledger. */
  dry_run?: boolean
  /** Default true; false only picks up the run in progress (an admin request created it). */
  start_new?: boolean
  /** Test only: simulate a crash right after this many batches. */
  stop_after_batches?: number
}

/**
 * Sends the store's customers to Omnisend through batches: resumes the run in progress (after a
 * crash or restart, from its checkpoint) or starts one, and works it to the end. Only one process
 * works on a backfill at a time; started while one runs, this does nothing and answers no run.
 * The scheduled job, the admin route (through an event) and scripts all run this workflow.
 */
export const backfillOmnisendContactsWorkflow = createWorkflow(
  BACKFILL_OMNISEND_CONTACTS_WORKFLOW,
  (input: BackfillOmnisendContactsInput) => {
    const claim = claimBackfillRunStep(
      transform({ input }, ({ input }) => ({
        mode: input.mode ?? "full",
        dry_run: input.dry_run ?? false,
        start_new: input.start_new ?? true,
      }))
    )
    const outcome = when("backfill-run-claimed", { claim }, ({ claim }) => claim.run_id !== null).then(() =>
      runBackfillStep(
        transform({ claim, input }, ({ claim, input }) => ({
          run_id: claim.run_id!,
          owner_id: claim.owner_id!,
          stop_after_batches: input.stop_after_batches,
        }))
      )
    )
    return new WorkflowResponse(
      transform({ claim, outcome }, ({ claim, outcome }) => ({ run_id: claim.run_id, outcome: outcome ?? null }))
    )
  }
)
