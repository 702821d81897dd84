import type { MedusaCustomerInput } from "./medusa-customer-input"

/**
 * The version of a customer's data a sync sent, as the ledger records it: the later of the
 * customer's own change and the latest change to its orders (which do not touch the customer), so
 * that a changed-mode backfill also picks up a customer whose orders changed.
 */
export function syncedVersionAt(customer: Pick<MedusaCustomerInput, "updated_at" | "orders">): string | null {
  const times = [customer.updated_at, customer.orders?.changed_at]
    .map((value) => (value ? new Date(value).getTime() : Number.NaN))
    .filter((time) => !Number.isNaN(time))
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : null
}
