/** A customer as the changed-mode pass first reads it: just enough to compare with the ledger. */
export interface CustomerHead {
  id: string
  updated_at: Date | string
}

/**
 * Whether a "changed" backfill must look at the customer: never synced (no ledger row, or no
 * updated_at recorded for it), or changed in Medusa since the version the ledger recorded.
 * Compared in milliseconds, the precision both sides are read with.
 */
export function needsBackfill(customer: CustomerHead, ledgerCustomerUpdatedAt: Date | string | null | undefined): boolean {
  if (ledgerCustomerUpdatedAt === null || ledgerCustomerUpdatedAt === undefined) {
    return true
  }
  return new Date(customer.updated_at).getTime() > new Date(ledgerCustomerUpdatedAt).getTime()
}
