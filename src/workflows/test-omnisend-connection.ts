import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_BACKFILL_REQUESTED } from "./omnisend-events"
import { checkOmnisendConnectionStep } from "./steps/check-omnisend-connection"
import type { CheckOmnisendConnectionInput } from "./steps/check-omnisend-connection"
import { resumeBackfillWaitingForKeyStep } from "./steps/resume-backfill-waiting-for-key"
import { resumeOmnisendSyncStep } from "./steps/resume-omnisend-sync"

export const TEST_OMNISEND_CONNECTION_WORKFLOW = "test-omnisend-connection"

/**
 * Tests an API key against Omnisend: the saved one, or one the merchant is about to save. When the
 * key syncs use works again, a pause recorded after Omnisend rejected it is lifted, and a backfill
 * that stopped on the rejection is handed to a worker to continue where it stopped.
 */
export const testOmnisendConnectionWorkflow = createWorkflow(
  TEST_OMNISEND_CONNECTION_WORKFLOW,
  (input: CheckOmnisendConnectionInput) => {
    const check = checkOmnisendConnectionStep(input)
    const resumed = when({ check }, ({ check }) => check.ok && check.key_in_force).then(() => resumeOmnisendSyncStep())
    const backfill = when("key-in-force-works", { check }, ({ check }) => check.ok && check.key_in_force).then(() =>
      resumeBackfillWaitingForKeyStep()
    )
    when("backfill-reopened-after-test", { backfill }, ({ backfill }) => typeof backfill === "string").then(() => {
      emitEventStep({
        eventName: OMNISEND_BACKFILL_REQUESTED,
        data: transform({ backfill }, ({ backfill }) => ({ id: backfill })),
      })
    })
    return new WorkflowResponse(
      transform({ check, resumed }, ({ check, resumed }) => ({ ...check, resumed: resumed === true }))
    )
  }
)
