import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { forgetContactDeletedInOmnisendStep } from "./steps/forget-contact-deleted-in-omnisend"
import { syncCustomerToOmnisendWorkflow } from "./sync-customer-to-omnisend"

export interface RecreateOmnisendContactInput {
  customer_id: string
}

/**
 * Creates again a contact that was deleted in Omnisend, when the merchant asks (a 404 is never
 * followed by a create on its own: the deletion may have honoured an erasure request).
 */
export const recreateOmnisendContactWorkflow = createWorkflow(
  "recreate-omnisend-contact",
  (input: RecreateOmnisendContactInput) => {
    forgetContactDeletedInOmnisendStep(input)
    const outcome = syncCustomerToOmnisendWorkflow.runAsStep({ input })
    return new WorkflowResponse(outcome)
  }
)
