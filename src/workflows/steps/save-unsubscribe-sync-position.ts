import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type { UnsubscribeSyncPosition } from "../../modules/omnisend/service"
import { nextUnsubscribeSyncPosition } from "../unsubscribes/next-unsubscribe-sync-position"

export interface SaveUnsubscribeSyncPositionInput {
  position: UnsubscribeSyncPosition
  page_cursors: Array<string | null>
  end_cursor: string | null
  first_failed_page: number | null
}

/** Stores where the next run starts: where this one stopped, or a page to try again. */
export const saveUnsubscribeSyncPositionStep = createStep(
  "save-unsubscribe-sync-position",
  async (input: SaveUnsubscribeSyncPositionInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const next = nextUnsubscribeSyncPosition(input.position, {
      pageCursors: input.page_cursors,
      endCursor: input.end_cursor,
      firstFailedPage: input.first_failed_page,
    })
    await omnisend.saveUnsubscribeSyncPosition(next)
    return new StepResponse(next)
  }
)
