import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { backfillOmnisendContactsWorkflow } from "../workflows/backfill-omnisend-contacts"
import { OMNISEND_BACKFILL_REQUESTED } from "../workflows/omnisend-events"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function runOmnisendBackfillHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    backfillOmnisendContactsWorkflow,
    { start_new: false },
    `backfill ${event.data.id}`
  )
}

export const config: SubscriberConfig = {
  event: OMNISEND_BACKFILL_REQUESTED,
  context: { subscriberId: "omnisend-run-backfill" },
}
