import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requestSyncOfUnrecordedChangesStep } from "./steps/request-sync-of-unrecorded-changes"
import { sendDueSyncRequestsStep } from "./steps/send-due-sync-requests"

export const RETRY_PENDING_OMNISEND_SYNCS_WORKFLOW = "retry-pending-omnisend-syncs"

/**
 * Sends the changes that did not reach Omnisend yet: failed ones whose backoff is over, ones held
 * while sync was off or paused, ones a dead process left, and recent ones whose event was lost.
 */
export const retryPendingOmnisendSyncsWorkflow = createWorkflow(RETRY_PENDING_OMNISEND_SYNCS_WORKFLOW, () => {
  const found = requestSyncOfUnrecordedChangesStep()
  return new WorkflowResponse(sendDueSyncRequestsStep(found))
})
