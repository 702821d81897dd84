import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderCustomerToOmnisendWorkflow } from "../workflows/sync-order-customer-to-omnisend"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function syncOrderCustomerHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    syncOrderCustomerToOmnisendWorkflow,
    { order_id: event.data.id },
    `sync of the customer of order ${event.data.id}`
  )
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "omnisend-sync-order-customer" },
}
