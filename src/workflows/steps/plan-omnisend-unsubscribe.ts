import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type { OmnisendUnsubscribe } from "../unsubscribes/omnisend-unsubscribe"
import {
  planCustomerUnsubscribe,
  type CustomerUnsubscribePlan,
  type UnsubscribeCustomer,
  type UnsubscribeLedgerView,
} from "../unsubscribes/plan-customer-unsubscribe"

export interface PlanOmnisendUnsubscribeInput {
  unsubscribe: OmnisendUnsubscribe
  customer_id: string
}

/** What one unsubscribe changes for one customer; also "keep" for a customer deleted meanwhile. JSON-safe. */
export type OmnisendUnsubscribePlan = CustomerUnsubscribePlan | { action: "keep"; reason: "customer_deleted" }

/**
 * Reads the customer (with Query) and its ledger entry as they are now, under the customer's sync
 * lock, and decides whether the unsubscribe is newer than the consent it holds.
 */
export const planOmnisendUnsubscribeStep = createStep(
  "plan-omnisend-unsubscribe",
  async (input: PlanOmnisendUnsubscribeInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [{ data: customers }, [entry], settings] = await Promise.all([
      query.graph({
        entity: "customer",
        fields: ["id", "email", "metadata", "updated_at"],
        filters: { id: input.customer_id },
      }),
      omnisend.listSyncLedgerEntries(
        { customer_id: input.customer_id },
        { select: ["contact_id", "email", "last_sent", "consent"] }
      ),
      omnisend.getSyncSettings(),
    ])
    const customer = customers[0] as UnsubscribeCustomer | undefined
    const plan: OmnisendUnsubscribePlan = customer
      ? planCustomerUnsubscribe(
          input.unsubscribe,
          customer,
          (entry as unknown as UnsubscribeLedgerView | undefined) ?? null,
          settings.mapping.consentKeys,
          new Date()
        )
      : { action: "keep", reason: "customer_deleted" }
    return new StepResponse(plan)
  }
)
