import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordSyncRequests } from "../sync-requests/sync-request-sql"

/** How long the live sync that follows has before the retry job may take the change over. */
export const LIVE_SYNC_GRACE_MS = 30_000

/**
 * Writes down that the customer has a change to send, before anything is sent or any lock is
 * waited for: whatever happens next (Omnisend away, the process killed, sync paused), the retry
 * job finds the change in the ledger.
 */
export const recordSyncRequestStep = createStep(
  "record-sync-request",
  async (input: { customer_id: string }, { container }) => {
    const requestedAt = new Date()
    await recordSyncRequests(
      container.resolve(ContainerRegistrationKeys.PG_CONNECTION),
      [input.customer_id],
      requestedAt,
      new Date(requestedAt.getTime() + LIVE_SYNC_GRACE_MS)
    )
    return new StepResponse({ requested_at: requestedAt.toISOString() })
  }
)
