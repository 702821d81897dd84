import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../modules/omnisend"
import type { OmnisendModuleService } from "../modules/omnisend"
import { startBackfillInBackground } from "../workflows/backfill/start-backfill-in-background"

/**
 * Every minute, a worker picks up a run that no process works on any more (killed, or stopped by a
 * deploy's SIGTERM) and continues it from its checkpoint, with no admin action. A run another
 * process is working on holds the lease: nothing happens then.
 */
export default async function resumeInterruptedOmnisendBackfillJob(container: MedusaContainer): Promise<void> {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  if (!omnisend.getOptions().recoveryJobsEnabled) {
    return
  }
  startBackfillInBackground(container, { start_new: false }, "resumed backfill")
}

export const config = {
  name: "resume-interrupted-omnisend-backfill",
  schedule: { cron: "* * * * *", concurrency: "forbid" as const },
}
