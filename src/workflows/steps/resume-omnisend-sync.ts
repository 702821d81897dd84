import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"

/** Lifts a pause recorded when Omnisend rejected the key; answers whether sync was paused. */
export const resumeOmnisendSyncStep = createStep(
  "resume-omnisend-sync",
  async (_: void, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const record = await omnisend.retrieveSettingsRecord()
    if (!record?.paused_at) {
      return new StepResponse(false, null)
    }
    const pause = { paused_reason: record.paused_reason, paused_at: record.paused_at }
    await omnisend.upsertSettingsRecord({ paused_reason: null, paused_at: null })
    return new StepResponse(true, pause)
  },
  async (pause, { container }) => {
    if (!pause) {
      return
    }
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    await omnisend.upsertSettingsRecord(pause)
  }
)
