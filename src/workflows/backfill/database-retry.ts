import { InternalFailureError, internalErrorReason } from "../../lib/describe-internal-error"
import { classifyDatabaseFailure } from "../../lib/database-failure"
import { BACKFILL_HEARTBEAT_MS, BACKFILL_LOCK_TTL_SECONDS } from "./backfill-lock"

const FIRST_DELAY_MS = 250
export const MAX_DATABASE_RETRY_DELAY_MS = 5_000

/**
 * How long a backfill keeps trying a database statement that failed for a transient reason (a lost
 * connection, a restart, a failover): its heartbeat is written at least every BACKFILL_HEARTBEAT_MS
 * and once more within a delay of the database's return, so within the lock's lifetime the run
 * never looks stale to another process that could take it over.
 */
export const DATABASE_RETRY_BUDGET_MS = BACKFILL_LOCK_TTL_SECONDS * 1000 - BACKFILL_HEARTBEAT_MS - MAX_DATABASE_RETRY_DELAY_MS

/** Waits before each retry: doubling from 250 ms, capped, as many as fit in the budget. */
export function databaseRetryDelaysMs(
  budgetMs = DATABASE_RETRY_BUDGET_MS,
  maxDelayMs = MAX_DATABASE_RETRY_DELAY_MS
): number[] {
  const delays: number[] = []
  let total = 0
  for (let delay = FIRST_DELAY_MS; total + Math.min(delay, maxDelayMs) <= budgetMs; delay *= 2) {
    delays.push(Math.min(delay, maxDelayMs))
    total += Math.min(delay, maxDelayMs)
  }
  return delays
}

export interface DatabaseRetryOptions {
  delaysMs: number[]
  /** Throws when the run stops meanwhile, which ends the retries. */
  sleep: (ms: number) => Promise<void>
  /** Told before each wait, in words safe to log: what failed (never the statement) and how long until the next try. */
  onRetry?: (notice: string) => void
}

/**
 * Runs `call`, again after each delay while it fails for a transient database reason; every
 * statement a backfill runs is idempotent (upserts, updates guarded by the batch id), so a retry
 * after a commit whose answer was lost changes nothing. Gives up with an InternalFailureError that
 * says what failed, never with the statement.
 */
export async function retryTransientDatabaseFailures<T>(
  call: () => Promise<T>,
  doing: string,
  { delaysMs, sleep, onRetry }: DatabaseRetryOptions
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await call()
    } catch (error) {
      if (!classifyDatabaseFailure(error)?.transient) {
        throw error
      }
      if (retry >= delaysMs.length) {
        const triedForSeconds = Math.round(delaysMs.reduce((sum, delay) => sum + delay, 0) / 1000)
        throw new InternalFailureError(error, `${doing} (tried ${retry + 1} times over ${triedForSeconds} s)`)
      }
      onRetry?.(`${internalErrorReason(error)} while ${doing}; trying again in ${delaysMs[retry]} ms (retry ${retry + 1} of ${delaysMs.length})`)
      await sleep(delaysMs[retry])
    }
  }
}
