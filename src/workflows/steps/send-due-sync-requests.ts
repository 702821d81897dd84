import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { runWorkflowSafely } from "../../lib/run-workflow-safely"
import { recordCustomerDeletedInOmnisendWorkflow } from "../record-customer-deleted-in-omnisend"
import { syncCustomerToOmnisendWorkflow } from "../sync-customer-to-omnisend"
import { claimDueSyncRequests, type DueSyncRequest } from "../sync-requests/sync-request-sql"

/** Requests claimed at a time; claimed again by another process if this one dies with them. */
export const RETRY_CLAIM_SIZE = 50
export const RETRY_CLAIM_LEASE_SECONDS = 120
/** A run works until nothing is due or this long has passed: the next run starts a minute later. */
export const RETRY_RUN_TIME_MS = 45_000
// A few at a time: the shared request budget paces the calls, this only bounds the work in flight.
const CONCURRENCY = 4

async function inParallel(requests: DueSyncRequest[], work: (request: DueSyncRequest) => Promise<void>): Promise<void> {
  const queue = [...requests]
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let request = queue.shift(); request !== undefined; request = queue.shift()) {
      await work(request)
    }
  })
  await Promise.all(workers)
}

/**
 * Claims due changes a few dozen at a time (row claims: each goes to one process) and runs each
 * through the same workflow as a live change, whose outcome settles it (done, due again later, or
 * held), until nothing is due or the run's time is up. A backlog after an outage goes at the pace of
 * the shared request budget, not at a fixed number a minute. A failure is recorded, never thrown.
 */
export const sendDueSyncRequestsStep = createStep(
  "send-due-sync-requests",
  async (input: { enabled: boolean }, { container }) => {
    const sent = { synced: 0, deletions: 0 }
    if (!input.enabled) {
      return new StepResponse(sent)
    }
    const scope = container as MedusaContainer
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const stopAt = Date.now() + RETRY_RUN_TIME_MS
    while (Date.now() < stopAt) {
      const claimed = await claimDueSyncRequests(knex, RETRY_CLAIM_SIZE, RETRY_CLAIM_LEASE_SECONDS)
      if (claimed.length === 0) {
        break
      }
      await inParallel(claimed, async ({ customer_id, customer_deleted_at }) => {
        if (customer_deleted_at) {
          sent.deletions++
          await runWorkflowSafely(scope, recordCustomerDeletedInOmnisendWorkflow, { customer_id }, `retry of recording the deletion of customer ${customer_id}`)
        } else {
          sent.synced++
          await runWorkflowSafely(scope, syncCustomerToOmnisendWorkflow, { customer_id }, `retry of the sync of customer ${customer_id}`)
        }
      })
    }
    return new StepResponse(sent)
  }
)
