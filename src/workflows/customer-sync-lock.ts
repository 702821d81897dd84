import { randomUUID } from "node:crypto"
import { configuredOmnisendOptions } from "../lib/configured-omnisend-options"
import { longestRequestDurationMs, type RequestRetryLimits } from "../modules/omnisend/client/longest-request-duration"
import { DEFAULT_LIVE_BUDGET_MAX_WAIT_MS } from "../modules/omnisend/client/omnisend-client"
import { DEFAULT_MAX_RETRY_DELAY_MS } from "../modules/omnisend/client/retry-policy"

/**
 * Omnisend calls one sync may make while it holds the lock, each with its own retry chain: a
 * write, and the read that checks which identifiers Omnisend kept.
 */
export const OMNISEND_CALLS_UNDER_CUSTOMER_LOCK = 2

// Reading the customer and writing the ledger around those calls.
const DATABASE_WORK_ALLOWANCE_MS = 30_000

/**
 * The lock must outlive the retry chains it guards: if it expired first, a second sync of the same
 * customer could send older data after newer, or both could record their own outcome.
 */
export function customerSyncLockTtlSeconds(limits: RequestRetryLimits): number {
  const guardedMs = OMNISEND_CALLS_UNDER_CUSTOMER_LOCK * longestRequestDurationMs(limits) + DATABASE_WORK_ALLOWANCE_MS
  return Math.ceil(guardedMs / 1000)
}

/** The limits the module's client runs with: the plugin's options and the client's backoff cap. */
function requestRetryLimitsInForce(): RequestRetryLimits {
  const { requestTimeoutMs, maxRetries } = configuredOmnisendOptions()
  return {
    timeoutMs: requestTimeoutMs,
    maxRetries,
    maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS,
    budgetMaxWaitMs: DEFAULT_LIVE_BUDGET_MAX_WAIT_MS,
  }
}

/**
 * The lock a customer's sync holds while it reads, sends and records: whatever else writes what
 * that sync decides on (the customer's consent, its ledger entry) takes the same lock.
 */
export function customerSyncLockKey(customerId: string): string {
  return `omnisend:customer:${customerId}`
}

/**
 * The input of acquireOmnisendLeaseStep and releaseOmnisendLeaseStep for that lock (a PostgreSQL
 * lease, so it holds across the server and its workers), built in one transform and
 * passed to both: a transform of another transform's output would see it undefined in a workflow
 * body, and the lock would silently take no key.
 */
export function customerSyncLock(customerId: string, limits: RequestRetryLimits = requestRetryLimitsInForce()) {
  return {
    key: customerSyncLockKey(customerId),
    ownerId: randomUUID(),
    timeout: 60,
    ttl: customerSyncLockTtlSeconds(limits),
    retryInterval: 0.05,
  }
}
