import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { startBackfillInBackground } from "../workflows/backfill/start-backfill-in-background"
import { OMNISEND_BACKFILL_REQUESTED } from "../workflows/omnisend-events"

/** Hands the run an admin asked for to this worker, without holding the event bus while it runs. */
export default async function runOmnisendBackfillHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  startBackfillInBackground(container, { start_new: false }, `backfill ${event.data.id}`)
}

export const config: SubscriberConfig = {
  event: OMNISEND_BACKFILL_REQUESTED,
  context: { subscriberId: "omnisend-run-backfill" },
}
