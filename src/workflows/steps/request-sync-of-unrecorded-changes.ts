import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { requestSyncOfUnrecordedChanges } from "../sync-requests/sync-request-sql"

/** How far back the job looks for changes whose event was lost. */
export const UNRECORDED_CHANGES_WINDOW_MS = 24 * 60 * 60 * 1000

/**
 * While sync is on, writes down the recent changes whose event never arrived, so that the next
 * step sends them with the rest. Answers whether sync is on, and how many such changes it found.
 */
export const requestSyncOfUnrecordedChangesStep = createStep(
  "request-sync-of-unrecorded-changes",
  async (_: void, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    if (!(await omnisend.getSyncSettings()).enabled) {
      return new StepResponse({ enabled: false, unrecorded: 0 })
    }
    const now = new Date()
    const unrecorded = await requestSyncOfUnrecordedChanges(
      container.resolve(ContainerRegistrationKeys.PG_CONNECTION),
      new Date(now.getTime() - UNRECORDED_CHANGES_WINDOW_MS),
      now
    )
    return new StepResponse({ enabled: true, unrecorded })
  }
)
