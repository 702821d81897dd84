import { useQueryGraphStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncCustomerToOmnisendWorkflow } from "./sync-customer-to-omnisend"

export const SYNC_ORDER_CUSTOMER_TO_OMNISEND_WORKFLOW = "sync-order-customer-to-omnisend"

/**
 * Syncs the customer of a placed or canceled order. Guests created at checkout emit no
 * customer.created, and an order changes what the contact holds without touching the customer:
 * the sync reads the customer's orders afresh (details a guest gave at checkout, checkout consent,
 * purchase history) and sends only what changed.
 */
export const syncOrderCustomerToOmnisendWorkflow = createWorkflow(
  SYNC_ORDER_CUSTOMER_TO_OMNISEND_WORKFLOW,
  (input: { order_id: string }) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "customer_id"],
      filters: { id: input.order_id },
    })
    const customerId = transform({ orders }, ({ orders }) => (orders[0]?.customer_id as string | null) ?? null)
    when({ customerId }, ({ customerId }) => Boolean(customerId)).then(() => {
      syncCustomerToOmnisendWorkflow.runAsStep({
        input: transform({ customerId }, ({ customerId }) => ({ customer_id: customerId as string })),
      })
    })
    return new WorkflowResponse(customerId)
  }
)
