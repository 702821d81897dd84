import type { MedusaContainer } from "@medusajs/framework/types"
import { configuredBackfillSchedule } from "../lib/configured-backfill-schedule"
import { OMNISEND_MODULE } from "../modules/omnisend"
import type { OmnisendModuleService } from "../modules/omnisend"
import { startBackfillInBackground } from "../workflows/backfill/start-backfill-in-background"

/**
 * Sends customers never synced or changed since their last sync, in batches; resumes an interrupted
 * run first. Does nothing while sync is off, or while the merchant turned the scheduled backfill off.
 * The run goes on in the background: the job queue is not held while it works.
 */
export default async function backfillOmnisendContactsJob(container: MedusaContainer): Promise<void> {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  const settings = await omnisend.getSyncSettings()
  if (!settings.enabled || !settings.backfillScheduleEnabled) {
    return
  }
  startBackfillInBackground(container, { mode: "changed" }, "scheduled backfill")
}

export const config = {
  name: "backfill-omnisend-contacts",
  // A getter: Medusa reads the schedule when it registers the job, after loading the plugin options.
  get schedule() {
    return { cron: configuredBackfillSchedule(), concurrency: "forbid" as const }
  },
}
