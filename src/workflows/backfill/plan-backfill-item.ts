import {
  GUEST_SHARES_CONTACT_REASON,
  hashSnapshot,
  planContactSync,
  type ContactMappingConfig,
  type LedgerConsentState,
  type LedgerEntryView,
  type MappedContact,
  type MedusaCustomerInput,
  syncedVersionAt,
} from "../../mapping"
import type { CreateContactRequest } from "../../modules/omnisend/client"
import type { BackfillPendingSync } from "./backfill-types"

export type BackfillCustomer = MedusaCustomerInput & {
  updated_at: Date | string
  /** A guest whose email a registered customer has: that customer's contact, not the guest's. */
  shadowed_by_registered?: boolean
}

export type BackfillItemPlan =
  /** A batch item: the full contact (batches only POST, which upserts by email). */
  | { kind: "send"; payload: CreateContactRequest; pending: BackfillPendingSync }
  /** The customer cannot become a contact; recorded in the ledger with the reason. */
  | { kind: "skip"; reason: string }
  /** The contact was deleted in Omnisend: not sent (a batch POST would re-create it), ledger left as it is. */
  | { kind: "held"; reason: string }
  /** Omnisend already has exactly this contact. */
  | { kind: "unchanged"; consent: LedgerConsentState; address_id: string | null }

function pendingSync(
  action: BackfillPendingSync["action"],
  mapped: MappedContact,
  customer: BackfillCustomer,
  replaces: BackfillPendingSync["replaces"]
): BackfillPendingSync {
  return {
    action,
    email: mapped.snapshot.email.id,
    snapshot: mapped.snapshot,
    hash: hashSnapshot(mapped.snapshot),
    consent: mapped.consent,
    address_id: mapped.addressId,
    customer_updated_at: syncedVersionAt(customer) ?? new Date(customer.updated_at).toISOString(),
    warnings: mapped.warnings,
    replaces,
  }
}

/**
 * What a backfill does with one customer, decided by the real-time sync's own plan: a create sends
 * the new contact, a patch sends the full contact instead of the diff (a batch item is a POST, and a
 * POST upserts by email; statusDates keep an old consent from overriding a newer one), "none" sends
 * nothing. Pure: the caller reads the customer and the ledger.
 */
export function planBackfillItem(
  customer: BackfillCustomer,
  ledger: LedgerEntryView | null,
  config: ContactMappingConfig,
  now: Date
): BackfillItemPlan {
  if (customer.shadowed_by_registered) {
    return { kind: "skip", reason: GUEST_SHARES_CONTACT_REASON }
  }
  const plan = planContactSync(customer, ledger, config, now)
  switch (plan.action) {
    case "skip":
      return { kind: "skip", reason: plan.reason }
    case "held":
      return { kind: "held", reason: plan.reason }
    case "none":
      return { kind: "unchanged", consent: plan.mapped.consent, address_id: plan.mapped.addressId }
    case "create": {
      // A contact a batch created earlier (its id unreported) is updated, not created, by this POST.
      const action = plan.replaces === null && ledger?.last_sent ? "patch" : "create"
      return { kind: "send", payload: plan.body, pending: pendingSync(action, plan.mapped, customer, plan.replaces) }
    }
    case "patch":
      return {
        kind: "send",
        payload: plan.whole.body,
        pending: pendingSync("patch", plan.whole.mapped, customer, null),
      }
  }
}
