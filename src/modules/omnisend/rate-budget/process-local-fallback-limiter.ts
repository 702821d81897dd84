import { RateLimiterMemory } from "rate-limiter-flexible"
import type { RateLimiterRes } from "rate-limiter-flexible"

type LimiterOptions = ConstructorParameters<typeof RateLimiterMemory>[0]

export const SHARED_BUDGET_UNREADABLE =
  "Omnisend: the request budget shared by the store's processes cannot be read from the database " +
  "(is it reachable, and did `npx medusa db:migrate` run?); each process paces its requests on its own meanwhile."

/**
 * Stands in for a shared counter whose store fails (database unreachable, migration not run): the
 * process keeps the pace on its own, and says so through `onUse`.
 */
export class ProcessLocalFallbackLimiter extends RateLimiterMemory {
  constructor(
    options: LimiterOptions,
    private readonly onUse: () => void
  ) {
    super(options)
  }

  override consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    this.onUse()
    return super.consume(key, points, options)
  }
}
