import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyOmnisendUnsubscribesStep } from "./steps/apply-omnisend-unsubscribes"
import { releaseOmnisendLeaseStep } from "./steps/acquire-omnisend-lease"
import { claimUnsubscribeSyncTurnStep, unsubscribeSyncLease } from "./steps/claim-unsubscribe-sync-turn"
import { findCustomersOfOmnisendUnsubscribesStep } from "./steps/find-customers-of-omnisend-unsubscribes"
import { readOmnisendUnsubscribesStep, type OmnisendUnsubscribesRead } from "./steps/read-omnisend-unsubscribes"
import { saveUnsubscribeSyncPositionStep } from "./steps/save-unsubscribe-sync-position"

export const SYNC_UNSUBSCRIBES_FROM_OMNISEND_WORKFLOW = "sync-unsubscribes-from-omnisend"

/**
 * Brings unsubscribes made in Omnisend (which sends no webhook for them) into the store: reads a
 * few pages of unsubscribed contacts from where the last run stopped, writes the opt-out into the
 * consent metadata of the customers with those emails where it is newer than what they hold, and
 * stores where the next run goes on, one run at a time across the store's processes. The scheduled
 * job runs it; scripts can too.
 */
export const syncUnsubscribesFromOmnisendWorkflow = createWorkflow(SYNC_UNSUBSCRIBES_FROM_OMNISEND_WORKFLOW, () => {
  const turn = claimUnsubscribeSyncTurnStep()
  const read = readOmnisendUnsubscribesStep(turn)
  const applied = when("omnisend-unsubscribes-read", { read }, ({ read }) => read.status === "read").then(() => {
    const reading = transform({ read }, ({ read }) => read as Extract<OmnisendUnsubscribesRead, { status: "read" }>)
    const matched = findCustomersOfOmnisendUnsubscribesStep(
      transform({ reading }, ({ reading }) => reading.unsubscribes)
    )
    const outcome = applyOmnisendUnsubscribesStep(matched)
    const position = saveUnsubscribeSyncPositionStep(
      transform({ reading, outcome }, ({ reading, outcome }) => ({
        position: reading.position,
        page_cursors: reading.page_cursors,
        end_cursor: reading.end_cursor,
        first_failed_page: outcome.first_failed_page,
      }))
    )
    return transform({ reading, outcome, position }, ({ reading, outcome, position }) => ({
      pages: reading.page_cursors.length,
      unsubscribed_contacts: reading.unsubscribes.length,
      ...outcome,
      next_cursor: position.cursor,
    }))
  })
  releaseOmnisendLeaseStep(transform({ turn }, ({ turn }) => unsubscribeSyncLease(turn)))
  return new WorkflowResponse(transform({ applied }, ({ applied }) => applied ?? null))
})
