import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LedgerEntryView, MedusaCustomerInput } from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { readCustomerOrderFacts } from "../orders/customer-order-facts-sql"

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

/**
 * What one customer's sync decides on. Settings are read by the step that sends, not here: a step's
 * output may be stored by the workflow engine, and the settings hold the API key.
 */
export interface CustomerSyncContext {
  /** Null when the customer no longer exists. */
  customer: SyncCustomer | null
  ledger: (LedgerEntryView & { id: string; previous_contacts: Array<{ contact_id: string; email: string | null }> }) | null
  /** For a guest: a registered customer with the same email, who owns the one contact they share. */
  registered_owner_id: string | null
}

/**
 * Omnisend has one contact per email: when a guest and a registered customer share an email, the
 * registered customer's data and consent are the contact's, and the guest's syncs send nothing.
 */
async function registeredOwner(query: Pick<RemoteQueryFunction, "graph">, email: string): Promise<string | null> {
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: { email: [...new Set([email, email.trim().toLowerCase()])], has_account: true },
  })
  return (data[0] as { id: string } | undefined)?.id ?? null
}

/** Reads the customer (with Query, addresses and groups), what its orders add, and its ledger entry. */
export const loadCustomerSyncContextStep = createStep(
  "load-customer-sync-context",
  async (input: { customer_id: string }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    // Only the consent keys leave the settings: this step's output may be stored, the key may not.
    const { consentKeys } = (await omnisend.getSyncSettings()).mapping

    const [{ data: customers }, [entry], orderFacts] = await Promise.all([
      query.graph({ entity: "customer", fields: CUSTOMER_SYNC_FIELDS, filters: { id: input.customer_id } }),
      omnisend.listSyncLedgerEntries(
        { customer_id: input.customer_id },
        { select: ["id", "contact_id", "email", "last_sent", "consent", "last_error_code", "previous_contacts"] }
      ),
      readCustomerOrderFacts(pg, [input.customer_id], consentKeys),
    ])

    const found = customers[0] as SyncCustomer | undefined
    const customer = found ? { ...found, orders: orderFacts.get(input.customer_id) ?? null } : null
    const context: CustomerSyncContext = {
      customer,
      registered_owner_id: customer?.has_account === false && customer.email ? await registeredOwner(query, customer.email) : null,
      ledger: entry
        ? {
            id: entry.id,
            contact_id: entry.contact_id,
            email: entry.email,
            last_sent: entry.last_sent as LedgerEntryView["last_sent"],
            consent: entry.consent as LedgerEntryView["consent"],
            last_error_code: entry.last_error_code,
            previous_contacts: (entry.previous_contacts as Array<{ contact_id: string; email: string | null }> | null) ?? [],
          }
        : null,
    }
    return new StepResponse(context)
  }
)
