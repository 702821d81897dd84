import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { ADMIN_SETTING_OPTIONS } from "../../modules/omnisend/settings/admin-settings-fields"
import type { UpdateOmnisendSettingsInput } from "./save-omnisend-settings"

/** Refuses changes to settings that medusa-config.ts decides, naming the option to edit instead. */
export const validateOmnisendSettingsUpdateStep = createStep(
  "validate-omnisend-settings-update",
  async (input: UpdateOmnisendSettingsInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const refused = omnisend.getLockedSettings().filter((field) => input[field] !== undefined)
    if (refused.length > 0) {
      const names = refused.map((field) => `${field} (option ${ADMIN_SETTING_OPTIONS[field]})`).join(", ")
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `These Omnisend settings are set in medusa-config.ts and can only be changed there: ${names}.`
      )
    }
    return new StepResponse(undefined)
  }
)
