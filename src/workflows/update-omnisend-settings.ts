import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { saveOmnisendSettingsStep } from "./steps/save-omnisend-settings"
import type { UpdateOmnisendSettingsInput } from "./steps/save-omnisend-settings"
import { validateOmnisendSettingsUpdateStep } from "./steps/validate-omnisend-settings-update"

export const UPDATE_OMNISEND_SETTINGS_WORKFLOW = "update-omnisend-settings"

export type { UpdateOmnisendSettingsInput }

/**
 * Saves what a merchant changed in Settings -> Omnisend. Syncs read the settings afresh, so the
 * change applies to the next sync without a restart.
 */
export const updateOmnisendSettingsWorkflow = createWorkflow(
  UPDATE_OMNISEND_SETTINGS_WORKFLOW,
  (input: UpdateOmnisendSettingsInput) => {
    validateOmnisendSettingsUpdateStep(input)
    return new WorkflowResponse(saveOmnisendSettingsStep(input))
  }
)
