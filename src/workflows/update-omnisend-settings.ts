import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_BACKFILL_REQUESTED } from "./omnisend-events"
import { resumeBackfillWaitingForKeyStep } from "./steps/resume-backfill-waiting-for-key"
import { saveOmnisendSettingsStep } from "./steps/save-omnisend-settings"
import type { UpdateOmnisendSettingsInput } from "./steps/save-omnisend-settings"
import { validateOmnisendSettingsUpdateStep } from "./steps/validate-omnisend-settings-update"

export const UPDATE_OMNISEND_SETTINGS_WORKFLOW = "update-omnisend-settings"

export type { UpdateOmnisendSettingsInput }

/**
 * Saves what a merchant changed in Settings -> Omnisend. Syncs read the settings afresh, so the
 * change applies to the next sync without a restart. A new API key also lifts a pause, so a
 * backfill that stopped on the refused key is handed to a worker to continue where it stopped.
 */
export const updateOmnisendSettingsWorkflow = createWorkflow(
  UPDATE_OMNISEND_SETTINGS_WORKFLOW,
  (input: UpdateOmnisendSettingsInput) => {
    validateOmnisendSettingsUpdateStep(input)
    const saved = saveOmnisendSettingsStep(input)
    const backfill = when("new-api-key-saved", { input }, ({ input }) => input.api_key !== undefined).then(() =>
      resumeBackfillWaitingForKeyStep()
    )
    when("backfill-reopened-after-new-key", { backfill }, ({ backfill }) => typeof backfill === "string").then(() => {
      emitEventStep({
        eventName: OMNISEND_BACKFILL_REQUESTED,
        data: transform({ backfill }, ({ backfill }) => ({ id: backfill })),
      })
    })
    return new WorkflowResponse(saved)
  }
)
