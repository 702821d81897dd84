import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type { BackfillRunRecord } from "../backfill/backfill-runs"
import {
  findBackfillRunWaitingForKey,
  reopenBackfillRunWaitingForKey,
  restoreBackfillRunWaitingForKey,
} from "../backfill/backfill-waiting-for-key"

/**
 * Once the key works again (it passed the connection test, or a new one was saved), the backfill
 * that stopped on the refused key goes back to work from where it stopped. Answers its id, for the
 * workflow to hand it to a worker; null when no run was waiting.
 */
export const resumeBackfillWaitingForKeyStep = createStep(
  "resume-backfill-waiting-for-key",
  async (_: void, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const run = await findBackfillRunWaitingForKey(omnisend)
    if (!run) {
      return new StepResponse<string | null, BackfillRunRecord | null>(null, null)
    }
    await reopenBackfillRunWaitingForKey(omnisend, run)
    return new StepResponse<string | null, BackfillRunRecord | null>(run.id, run)
  },
  async (run, { container }) => {
    if (run) {
      await restoreBackfillRunWaitingForKey(container.resolve<OmnisendModuleService>(OMNISEND_MODULE), run)
    }
  }
)
