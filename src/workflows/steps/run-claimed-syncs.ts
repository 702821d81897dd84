import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { runWorkflowSafely } from "../../lib/run-workflow-safely"
import { recordCustomerDeletedInOmnisendWorkflow } from "../record-customer-deleted-in-omnisend"
import { syncCustomerToOmnisendWorkflow } from "../sync-customer-to-omnisend"
import type { ClaimedSyncRequests } from "./claim-due-sync-requests"

// A few at a time: the shared request budget paces the calls, this only bounds the work in flight.
const CONCURRENCY = 4

async function inParallel(ids: string[], work: (id: string) => Promise<void>): Promise<void> {
  const queue = [...ids]
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      await work(id)
    }
  })
  await Promise.all(workers)
}

/**
 * Runs each claimed change through the same workflow as a live change: its outcome settles the
 * request (done, due again later, or held). A failure is recorded by that workflow, never thrown.
 */
export const runClaimedSyncsStep = createStep("run-claimed-syncs", async (claimed: ClaimedSyncRequests, { container }) => {
  const scope = container as MedusaContainer
  await inParallel(claimed.customer_ids, (customerId) =>
    runWorkflowSafely(scope, syncCustomerToOmnisendWorkflow, { customer_id: customerId }, `retry of the sync of customer ${customerId}`)
  )
  await inParallel(claimed.deleted_customer_ids, (customerId) =>
    runWorkflowSafely(
      scope,
      recordCustomerDeletedInOmnisendWorkflow,
      { customer_id: customerId },
      `retry of recording the deletion of customer ${customerId}`
    )
  )
  return new StepResponse({ synced: claimed.customer_ids.length, deletions: claimed.deleted_customer_ids.length })
})
