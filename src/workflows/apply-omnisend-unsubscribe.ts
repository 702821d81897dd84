import { updateCustomersWorkflow } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { customerSyncLock } from "./customer-sync-lock"
import { acquireOmnisendLeaseStep, releaseOmnisendLeaseStep } from "./steps/acquire-omnisend-lease"
import { planOmnisendUnsubscribeStep, type PlanOmnisendUnsubscribeInput } from "./steps/plan-omnisend-unsubscribe"
import { recordOmnisendUnsubscribeInLedgerStep } from "./steps/record-omnisend-unsubscribe-in-ledger"

export const APPLY_OMNISEND_UNSUBSCRIBE_WORKFLOW = "apply-omnisend-unsubscribe"

export type ApplyOmnisendUnsubscribeInput = PlanOmnisendUnsubscribeInput

/**
 * Writes one Omnisend unsubscribe into one customer's consent metadata, when it is newer than the
 * consent the customer holds. Under the customer's sync lock: the ledger learns first that Omnisend
 * holds the unsubscribe, then updateCustomersWorkflow changes the metadata (and emits
 * customer.updated, so other integrations hear of the opt-out too); the sync that event starts
 * finds the status already sent and sends none. One customer per update: Medusa 2.21 merges
 * metadata into one update object shared by every customer a selector matches, so a customer
 * updated in company would receive the others' metadata.
 */
export const applyOmnisendUnsubscribeWorkflow = createWorkflow(
  APPLY_OMNISEND_UNSUBSCRIBE_WORKFLOW,
  (input: ApplyOmnisendUnsubscribeInput) => {
    const lock = transform({ input }, ({ input }) => customerSyncLock(input.customer_id))
    acquireOmnisendLeaseStep(lock)

    const plan = planOmnisendUnsubscribeStep(input)
    when("customer-takes-omnisend-unsubscribe", { plan }, ({ plan }) => plan.action === "apply").then(() => {
      const applying = transform({ input, plan }, ({ input, plan }) => ({
        customer_id: input.customer_id,
        ...(plan as Extract<typeof plan, { action: "apply" }>),
      }))
      recordOmnisendUnsubscribeInLedgerStep(
        transform({ applying }, ({ applying }) => ({ customer_id: applying.customer_id, ledger: applying.ledger }))
      )
      updateCustomersWorkflow.runAsStep({
        input: transform({ applying }, ({ applying }) => ({
          selector: { id: applying.customer_id },
          update: { metadata: applying.metadata },
        })),
      })
    })

    releaseOmnisendLeaseStep(lock)
    return new WorkflowResponse(plan)
  }
)
