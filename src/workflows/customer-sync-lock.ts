import { randomUUID } from "node:crypto"

/**
 * The lock a customer's sync holds while it reads, sends and records: whatever else writes what
 * that sync decides on (the customer's consent, its ledger entry) takes the same lock.
 */
export function customerSyncLockKey(customerId: string): string {
  return `omnisend:customer:${customerId}`
}

/**
 * The input of acquireLockStep and releaseLockStep for that lock, built in one transform and
 * passed to both: a transform of another transform's output would see it undefined in a workflow
 * body, and the lock would silently take no key.
 */
export function customerSyncLock(customerId: string) {
  return {
    key: customerSyncLockKey(customerId),
    ownerId: randomUUID(),
    // Also when run from another workflow (guests on order.placed): the lock is what orders runs.
    executeOnSubWorkflow: true,
    timeout: 60,
    ttl: 120,
    retryInterval: 0.05,
  }
}
