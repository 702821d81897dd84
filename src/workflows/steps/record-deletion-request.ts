import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordDeletionRequest } from "../sync-requests/sync-request-sql"

/** Writes down, before anything is sent, that the customer's deletion has to reach Omnisend. */
export const recordDeletionRequestStep = createStep(
  "record-deletion-request",
  async (input: { customer_id: string }, { container }) => {
    const requestedAt = new Date()
    await recordDeletionRequest(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), input.customer_id, requestedAt)
    return new StepResponse({ requested_at: requestedAt.toISOString() })
  }
)
