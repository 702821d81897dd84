import type { MedusaContainer } from "@medusajs/framework/types"
import { configuredUnsubscribeSyncSchedule } from "../lib/configured-unsubscribe-sync-schedule"
import { runWorkflowSafely } from "../lib/run-workflow-safely"
import { OMNISEND_MODULE } from "../modules/omnisend"
import type { OmnisendModuleService } from "../modules/omnisend"
import { syncUnsubscribesFromOmnisendWorkflow } from "../workflows/sync-unsubscribes-from-omnisend"

/**
 * Records unsubscribes made in Omnisend in the customers' consent metadata, a few pages of
 * Omnisend's unsubscribed contacts per run. Does nothing while the option turns it off; the
 * workflow itself does nothing while sync is off, paused or has no key.
 */
export default async function syncUnsubscribesFromOmnisendJob(container: MedusaContainer): Promise<void> {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  if (!omnisend.getOptions().unsubscribeSyncEnabled) {
    return
  }
  await runWorkflowSafely(container, syncUnsubscribesFromOmnisendWorkflow, undefined, "reading unsubscribes from Omnisend")
}

export const config = {
  name: "sync-unsubscribes-from-omnisend",
  // A getter: Medusa reads the schedule when it registers the job, after loading the plugin options.
  get schedule() {
    return { cron: configuredUnsubscribeSyncSchedule(), concurrency: "forbid" as const }
  },
}
