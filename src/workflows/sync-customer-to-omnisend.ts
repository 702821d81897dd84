import { randomUUID } from "node:crypto"
import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { customerSyncLockKey } from "./customer-sync-lock-key"
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
    // One value for acquiring and releasing: a transform of another transform's output would see it
    // undefined here, and the lock would silently take no key.
    const lock = transform({ input }, ({ input }) => ({
      key: customerSyncLockKey(input.customer_id),
      ownerId: randomUUID(),
      // Also when run from another workflow (guests on order.placed): the lock is what orders runs.
      executeOnSubWorkflow: true,
      timeout: 60,
      ttl: 120,
      retryInterval: 0.05,
    }))
    acquireLockStep(lock)

    const context = loadCustomerSyncContextStep(input)
    const outcome = sendContactToOmnisendStep(context)
    const recordInput = transform({ input, context, outcome }, ({ input, context, outcome }) => ({
      customer_id: input.customer_id,
      customer_updated_at: context.customer?.updated_at ?? null,
      outcome,
    }))
    recordSyncOutcomeStep(recordInput)

    releaseLockStep(lock)
    return new WorkflowResponse(outcome)
  }
)
