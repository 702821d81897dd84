import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncRefundedPaymentCustomerToOmnisendWorkflow } from "../workflows/sync-refunded-payment-customer-to-omnisend"
import { runWorkflowSafely } from "../lib/run-workflow-safely"

export default async function syncRefundedPaymentCustomerHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runWorkflowSafely(
    container,
    syncRefundedPaymentCustomerToOmnisendWorkflow,
    { payment_id: event.data.id },
    `sync of the customer of refunded payment ${event.data.id}`
  )
}

// A refund lowers the customer's total spent.
export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "omnisend-sync-refunded-order-customer" },
}
