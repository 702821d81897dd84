import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { recordCustomerDeletedInOmnisendWorkflow } from "../workflows/record-customer-deleted-in-omnisend"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function recordCustomerDeletedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    recordCustomerDeletedInOmnisendWorkflow,
    { customer_id: event.data.id },
    `recording the deletion of customer ${event.data.id}`
  )
}

export const config: SubscriberConfig = {
  event: "customer.deleted",
  context: { subscriberId: "omnisend-record-customer-deleted" },
}
