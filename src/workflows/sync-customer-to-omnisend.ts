import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncedVersionAt } from "../mapping/synced-version-at"
import { customerSyncLock } from "./customer-sync-lock"
import { acquireOmnisendLeaseStep, releaseOmnisendLeaseStep } from "./steps/acquire-omnisend-lease"
import { loadCustomerSyncContextStep } from "./steps/load-customer-sync-context"
import { recordSyncOutcomeStep } from "./steps/record-sync-outcome"
import { recordSyncRequestStep } from "./steps/record-sync-request"
import { sendContactToOmnisendStep } from "./steps/send-contact-to-omnisend"
import { settleSyncRequestStep } from "./steps/settle-sync-request"

export const SYNC_CUSTOMER_TO_OMNISEND_WORKFLOW = "sync-customer-to-omnisend"

export interface SyncCustomerToOmnisendInput {
  customer_id: string
}

/**
 * Brings one customer's Omnisend contact up to date: write down that there is a change to send,
 * read the customer, map it, create or patch the contact (or do nothing when nothing changed),
 * record the outcome in the sync ledger, and mark the change done or due again (the retry job
 * sends what failed). A per-customer lease in PostgreSQL makes syncs of one customer run one after
 * another in every process, each reading the customer afresh, so the last run always sends the
 * latest data and two runs never both create.
 */
export const syncCustomerToOmnisendWorkflow = createWorkflow(
  SYNC_CUSTOMER_TO_OMNISEND_WORKFLOW,
  (input: SyncCustomerToOmnisendInput) => {
    const request = recordSyncRequestStep(input)
    const lock = transform({ input }, ({ input }) => customerSyncLock(input.customer_id))
    acquireOmnisendLeaseStep(lock)

    const context = loadCustomerSyncContextStep(input)
    const outcome = sendContactToOmnisendStep(context)
    const recordInput = transform({ input, context, outcome }, ({ input, context, outcome }) => ({
      customer_id: input.customer_id,
      customer_updated_at: context.customer ? syncedVersionAt(context.customer) : null,
      outcome,
    }))
    const recorded = recordSyncOutcomeStep(recordInput)
    settleSyncRequestStep(
      transform({ input, request, outcome, recorded }, ({ input, request, outcome, recorded }) => ({
        customer_id: input.customer_id,
        requested_at: request.requested_at,
        outcome,
        attempts: recorded?.attempts ?? 0,
      }))
    )

    releaseOmnisendLeaseStep(lock)
    return new WorkflowResponse(outcome)
  }
)
