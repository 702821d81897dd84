import { useQueryGraphStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncCustomerToOmnisendWorkflow } from "./sync-customer-to-omnisend"

export const SYNC_REFUNDED_PAYMENT_CUSTOMER_TO_OMNISEND_WORKFLOW = "sync-refunded-payment-customer-to-omnisend"

/**
 * A refund names a payment, not an order: the order is found through the payment's collection,
 * and its customer is synced (the purchase history is read afresh, net of refunds).
 */
export const syncRefundedPaymentCustomerToOmnisendWorkflow = createWorkflow(
  SYNC_REFUNDED_PAYMENT_CUSTOMER_TO_OMNISEND_WORKFLOW,
  (input: { payment_id: string }) => {
    const { data: payments } = useQueryGraphStep({
      entity: "payment",
      fields: ["id", "payment_collection.order.customer_id"],
      filters: { id: input.payment_id },
    })
    const customerId = transform({ payments }, ({ payments }) => {
      const payment = payments[0] as { payment_collection?: { order?: { customer_id?: string | null } | null } | null } | undefined
      return payment?.payment_collection?.order?.customer_id ?? null
    })
    when({ customerId }, ({ customerId }) => Boolean(customerId)).then(() => {
      syncCustomerToOmnisendWorkflow.runAsStep({
        input: transform({ customerId }, ({ customerId }) => ({ customer_id: customerId as string })),
      })
    })
    return new WorkflowResponse(customerId)
  }
)
