import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OMNISEND_CUSTOMER_SYNC_REQUESTED } from "../workflows/omnisend-events"
import { syncCustomerToOmnisendWorkflow } from "../workflows/sync-customer-to-omnisend"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function syncCustomerToOmnisendHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    syncCustomerToOmnisendWorkflow,
    { customer_id: event.data.id },
    `sync of customer ${event.data.id} (${event.name})`
  )
}

export const config: SubscriberConfig = {
  event: ["customer.created", "customer.updated", OMNISEND_CUSTOMER_SYNC_REQUESTED],
  context: { subscriberId: "omnisend-sync-customer" },
}
