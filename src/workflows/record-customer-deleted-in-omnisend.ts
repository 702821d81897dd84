import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordCustomerDeletedStep } from "./steps/record-customer-deleted"
import { recordDeletionRequestStep } from "./steps/record-deletion-request"

export const RECORD_CUSTOMER_DELETED_IN_OMNISEND_WORKFLOW = "record-customer-deleted-in-omnisend"

export const recordCustomerDeletedInOmnisendWorkflow = createWorkflow(
  RECORD_CUSTOMER_DELETED_IN_OMNISEND_WORKFLOW,
  (input: { customer_id: string }) => {
    // Written down first, so a failed unsubscribe (or a process that dies) is retried by the job.
    const request = recordDeletionRequestStep(input)
    return new WorkflowResponse(
      recordCustomerDeletedStep(
        transform({ input, request }, ({ input, request }) => ({ customer_id: input.customer_id, requested_at: request.requested_at }))
      )
    )
  }
)
