import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncedVersionAt } from "../mapping/synced-version-at"
import { customerSyncLock } from "./customer-sync-lock"
import { loadCustomerSyncContextStep } from "./steps/load-customer-sync-context"
import { recordSyncOutcomeStep } from "./steps/record-sync-outcome"
import { sendContactToOmnisendStep } from "./steps/send-contact-to-omnisend"

export const SYNC_CUSTOMER_TO_OMNISEND_WORKFLOW = "sync-customer-to-omnisend"

export interface SyncCustomerToOmnisendInput {
  customer_id: string
}

/**
 * Brings one customer's Omnisend contact up to date: read the customer, map it, create or patch
 * the contact (or do nothing when nothing changed), and record the outcome in the sync ledger.
 * A per-customer lock makes bursts of events for one customer run one after another, each reading
 * the customer afresh, so the last run always sends the latest data and two runs never both create.
 */
export const syncCustomerToOmnisendWorkflow = createWorkflow(
  SYNC_CUSTOMER_TO_OMNISEND_WORKFLOW,
  (input: SyncCustomerToOmnisendInput) => {
    const lock = transform({ input }, ({ input }) => customerSyncLock(input.customer_id))
    acquireLockStep(lock)

    const context = loadCustomerSyncContextStep(input)
    const outcome = sendContactToOmnisendStep(context)
    const recordInput = transform({ input, context, outcome }, ({ input, context, outcome }) => ({
      customer_id: input.customer_id,
      customer_updated_at: context.customer ? syncedVersionAt(context.customer) : null,
      outcome,
    }))
    recordSyncOutcomeStep(recordInput)

    releaseLockStep(lock)
    return new WorkflowResponse(outcome)
  }
)
