import type { MedusaContainer } from "@medusajs/framework/types"
import { runWorkflowSafely } from "../lib/run-workflow-safely"
import { OMNISEND_MODULE } from "../modules/omnisend"
import type { OmnisendModuleService } from "../modules/omnisend"
import { retryPendingOmnisendSyncsWorkflow } from "../workflows/retry-pending-omnisend-syncs"

/** Every minute: the changes still to send reach Omnisend within two minutes of it answering again. */
export default async function retryPendingOmnisendSyncsJob(container: MedusaContainer): Promise<void> {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  if (!omnisend.getOptions().recoveryJobsEnabled) {
    return
  }
  await runWorkflowSafely(container, retryPendingOmnisendSyncsWorkflow, undefined, "retry of pending Omnisend syncs")
}

export const config = {
  name: "retry-pending-omnisend-syncs",
  schedule: { cron: "* * * * *", concurrency: "forbid" as const },
}
