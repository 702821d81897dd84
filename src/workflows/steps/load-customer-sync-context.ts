import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LedgerEntryView, MedusaCustomerInput } from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type { OmnisendSyncSettings } from "../../modules/omnisend/sync-settings"

export const CUSTOMER_SYNC_FIELDS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "has_account",
  "metadata",
  "created_at",
  "updated_at",
  "addresses.*",
  "groups.name",
]

export type SyncCustomer = MedusaCustomerInput & { updated_at: string | Date }

export interface CustomerSyncContext {
  settings: OmnisendSyncSettings
  /** Null when the customer no longer exists. */
  customer: SyncCustomer | null
  ledger: (LedgerEntryView & { id: string }) | null
}

/** Reads what one customer's sync decides on: settings, the customer (with Query) and its ledger entry. */
export const loadCustomerSyncContextStep = createStep(
  "load-customer-sync-context",
  async (input: { customer_id: string }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)

    const [settings, { data: customers }, [entry]] = await Promise.all([
      omnisend.getSyncSettings(),
      query.graph({ entity: "customer", fields: CUSTOMER_SYNC_FIELDS, filters: { id: input.customer_id } }),
      omnisend.listSyncLedgerEntries(
        { customer_id: input.customer_id },
        { select: ["id", "contact_id", "email", "last_sent", "consent"] }
      ),
    ])

    const context: CustomerSyncContext = {
      settings,
      customer: (customers[0] as SyncCustomer | undefined) ?? null,
      ledger: entry
        ? {
            id: entry.id,
            contact_id: entry.contact_id,
            email: entry.email,
            last_sent: entry.last_sent as LedgerEntryView["last_sent"],
            consent: entry.consent as LedgerEntryView["consent"],
          }
        : null,
    }
    return new StepResponse(context)
  }
)
