/**
 * The lock a customer's sync holds while it reads, sends and records: whatever else writes what
 * that sync decides on (the customer's consent, its ledger entry) takes the same lock.
 */
export function customerSyncLockKey(customerId: string): string {
  return `omnisend:customer:${customerId}`
}
