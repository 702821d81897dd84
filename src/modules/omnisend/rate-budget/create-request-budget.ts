import { createHash } from "node:crypto"
import { RateLimiterMemory, RateLimiterPostgres } from "rate-limiter-flexible"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import type { RateBudgetShares } from "./plan-rate-budget"
import { ProcessLocalFallbackLimiter, SHARED_BUDGET_UNREADABLE } from "./process-local-fallback-limiter"
import { SharedRequestBudget } from "./process-shared-request-budget"
import type { RateBudgetLimiters } from "./process-shared-request-budget"

/** Created by the module's migration with the columns rate-limiter-flexible's Postgres store uses. */
export const RATE_BUDGET_TABLE = "omnisend_rate_budget"

// Placeholders: the budget shapes its limiters from what Omnisend's headers announce.
const UNSHAPED = { points: 1, duration: 1 }

export interface CreateRequestBudgetOptions {
  apiKey: string
  shares: RateBudgetShares
  /**
   * Medusa's knex connection (`ContainerRegistrationKeys.PG_CONNECTION`): every process of the
   * store shares its database, so they share the counters. Without it the budget is this process's.
   */
  pgConnection?: unknown
  logger?: { warn(message: string): void }
}

/** Names an Omnisend account in the counters; a hash, so the store never holds the key. */
export function budgetAccountKey(apiKey: string): string {
  return createHash("sha256").update(apiKey.trim()).digest("hex").slice(0, 24)
}

function postgresLimiter(pgConnection: unknown, keyPrefix: string, onFallback: () => void): RateLimiterAbstract {
  return new RateLimiterPostgres({
    ...UNSHAPED,
    keyPrefix,
    storeClient: pgConnection,
    storeType: "knex",
    tableName: RATE_BUDGET_TABLE,
    tableCreated: true,
    insuranceLimiter: new ProcessLocalFallbackLimiter({ ...UNSHAPED, keyPrefix }, onFallback),
  })
}

export function createBudgetLimiters(
  pgConnection: unknown,
  warn: (message: string) => void = () => undefined
): RateBudgetLimiters {
  if (!pgConnection) {
    return {
      all: new RateLimiterMemory({ ...UNSHAPED, keyPrefix: "omnisend_all" }),
      background: new RateLimiterMemory({ ...UNSHAPED, keyPrefix: "omnisend_background" }),
    }
  }
  // Said once per process: every request of an outage falls back.
  let warned = false
  const onFallback = () => {
    if (!warned) {
      warned = true
      warn(SHARED_BUDGET_UNREADABLE)
    }
  }
  return {
    all: postgresLimiter(pgConnection, "omnisend_all", onFallback),
    background: postgresLimiter(pgConnection, "omnisend_background", onFallback),
  }
}

export function createRequestBudget(options: CreateRequestBudgetOptions): SharedRequestBudget {
  return new SharedRequestBudget({
    accountKey: budgetAccountKey(options.apiKey),
    shares: options.shares,
    limiters: createBudgetLimiters(options.pgConnection, (message) => options.logger?.warn(message)),
    logger: options.logger,
  })
}
