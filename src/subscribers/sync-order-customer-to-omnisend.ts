import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderCustomerToOmnisendWorkflow } from "../workflows/sync-order-customer-to-omnisend"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function syncOrderCustomerHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    syncOrderCustomerToOmnisendWorkflow,
    { order_id: event.data.id },
    `sync of the customer of order ${event.data.id} (${event.name})`
  )
}

// A placed order brings guest details, checkout consent and history; a canceled one changes history.
export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled"],
  context: { subscriberId: "omnisend-sync-order-customer" },
}
