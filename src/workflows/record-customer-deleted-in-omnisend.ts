import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordCustomerDeletedStep } from "./steps/record-customer-deleted"

export const RECORD_CUSTOMER_DELETED_IN_OMNISEND_WORKFLOW = "record-customer-deleted-in-omnisend"

export const recordCustomerDeletedInOmnisendWorkflow = createWorkflow(
  RECORD_CUSTOMER_DELETED_IN_OMNISEND_WORKFLOW,
  (input: { customer_id: string }) => {
    return new WorkflowResponse(recordCustomerDeletedStep(input))
  }
)
