import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkOmnisendConnectionStep } from "./steps/check-omnisend-connection"
import type { CheckOmnisendConnectionInput } from "./steps/check-omnisend-connection"
import { resumeOmnisendSyncStep } from "./steps/resume-omnisend-sync"

export const TEST_OMNISEND_CONNECTION_WORKFLOW = "test-omnisend-connection"

/**
 * Tests an API key against Omnisend: the saved one, or one the merchant is about to save. When the
 * key syncs use works again, a pause recorded after Omnisend rejected it is lifted.
 */
export const testOmnisendConnectionWorkflow = createWorkflow(
  TEST_OMNISEND_CONNECTION_WORKFLOW,
  (input: CheckOmnisendConnectionInput) => {
    const check = checkOmnisendConnectionStep(input)
    const resumed = when({ check }, ({ check }) => check.ok && check.key_in_force).then(() => resumeOmnisendSyncStep())
    return new WorkflowResponse(
      transform({ check, resumed }, ({ check, resumed }) => ({ ...check, resumed: resumed === true }))
    )
  }
)
