import { RateLimiterRes } from "rate-limiter-flexible"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import type { RateLimitObservation, RequestBudget, RequestPriority } from "../client/request-budget"
import { planRateBudget } from "./plan-rate-budget"
import type { LimiterShape, RateBudgetPlan, RateBudgetShares } from "./plan-rate-budget"
import { rateLimitBrake } from "./rate-limit-brake"
import type { RateLimitBrake } from "./rate-limit-brake"
import { learnRateLimit, NOTHING_LEARNED, rateLimitWindow } from "./rate-limit-window"
import type { LearnedRateLimit, RateLimitWindow } from "./rate-limit-window"

/** Counters shared by every process using the same store; see create-request-budget.ts. */
export interface RateBudgetLimiters {
  all: RateLimiterAbstract
  background: RateLimiterAbstract
}

export interface SharedRequestBudgetOptions {
  /** Names the Omnisend account in the shared counters (never the API key itself). */
  accountKey: string
  shares: RateBudgetShares
  limiters: RateBudgetLimiters
  logger?: { warn(message: string): void }
}

// Held counters get far more points than any window allows, whatever points a process applies.
const HELD_POINTS = 1_000_000
// Background waiters come back this much after a slice opens, so live waiters of every process
// take its requests first.
const BACKGROUND_YIELD_MS = 100
const MIN_WAIT_MS = 10

type Insured = RateLimiterAbstract & { insuranceLimiter?: RateLimiterAbstract }

/** Applies a shape to a limiter and to the in-memory limiter that stands in when the store fails. */
function reshape(limiter: Insured, shape: LimiterShape): void {
  for (let current: Insured | undefined = limiter; current; current = current.insuranceLimiter) {
    current.points = shape.points
    current.duration = shape.durationSeconds
  }
}

/** 0 when the request was counted; else how long until the counter may take one. */
async function msUntilCounted(consumption: Promise<RateLimiterRes>): Promise<number> {
  try {
    await consumption
    return 0
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) {
      return Math.max(MIN_WAIT_MS, refusal.msBeforeNext)
    }
    throw refusal
  }
}

/**
 * Omnisend's request budget, shared with every process (server, workers) through the limiters'
 * store. Requests are paced to a share of the limit Omnisend's headers announce; background
 * requests get a smaller pace, so live ones always find requests left. An answer saying the window
 * is nearly spent (by the plugin or the store's other integrations) holds requests until it resets.
 * In each process one loop takes requests, live first, so waiting callers cost no database calls.
 */
export class SharedRequestBudget implements RequestBudget {
  readonly #accountKey: string
  readonly #shares: RateBudgetShares
  readonly #limiters: RateBudgetLimiters
  readonly #logger?: { warn(message: string): void }
  readonly #waiting: Record<RequestPriority, Array<() => void>> = { live: [], background: [] }
  readonly #heldUntil: Record<RateLimitBrake["holds"], number> = { all: 0, background: 0 }
  #learned: LearnedRateLimit = NOTHING_LEARNED
  #window: RateLimitWindow = rateLimitWindow(NOTHING_LEARNED)
  #plan: RateBudgetPlan
  #taking = false
  #endBackgroundWait: (() => void) | null = null
  #reportedStoreFailure = false

  constructor(options: SharedRequestBudgetOptions) {
    this.#accountKey = options.accountKey
    this.#shares = options.shares
    this.#limiters = options.limiters
    this.#logger = options.logger
    this.#plan = this.#applyPlan()
  }

  /** The plan in force: what the answers so far taught, applied to the options' shares. */
  get plan(): RateBudgetPlan {
    return this.#plan
  }

  take(priority: RequestPriority, maxWaitMs?: number): Promise<boolean> {
    return new Promise((resolve) => {
      const queue = this.#waiting[priority]
      let timer: NodeJS.Timeout | undefined
      const grant = () => {
        clearTimeout(timer)
        resolve(true)
      }
      queue.push(grant)
      if (maxWaitMs !== undefined) {
        timer = setTimeout(() => {
          const index = queue.indexOf(grant)
          if (index >= 0) {
            queue.splice(index, 1)
            resolve(false)
          }
        }, maxWaitMs)
      }
      if (priority === "live") {
        this.#endBackgroundWait?.()
      }
      void this.#takeForWaiters()
    })
  }

  observe(observation: RateLimitObservation): void {
    const learned = learnRateLimit(this.#learned, observation)
    if (learned.limit !== this.#learned.limit || learned.longestResetSeconds !== this.#learned.longestResetSeconds) {
      this.#learned = learned
      this.#plan = this.#applyPlan()
    }
    const brake = rateLimitBrake(observation, this.#plan, this.#window.windowSeconds)
    if (brake) {
      this.#hold(brake)
    }
  }

  #applyPlan(): RateBudgetPlan {
    this.#window = rateLimitWindow(this.#learned)
    const plan = planRateBudget(this.#window, this.#shares)
    reshape(this.#limiters.all, plan.all)
    reshape(this.#limiters.background, plan.background)
    return plan
  }

  #hold({ holds, seconds }: RateLimitBrake): void {
    const until = Date.now() + seconds * 1000
    // Every answer of a nearly spent window says so: one write per window is enough.
    if (this.#heldUntil[holds] >= until - 1000) {
      return
    }
    this.#heldUntil[holds] = until
    const limiters = holds === "all" ? [this.#limiters.all, this.#limiters.background] : [this.#limiters.background]
    for (const limiter of limiters) {
      limiter.set(this.#accountKey, HELD_POINTS, seconds).catch((error: unknown) => this.#reportStoreFailure(error))
    }
  }

  /** The one loop of this process that takes requests for waiting callers, live ones first. */
  async #takeForWaiters(): Promise<void> {
    if (this.#taking) {
      return
    }
    this.#taking = true
    try {
      for (;;) {
        const priority: RequestPriority | null = this.#waiting.live.length
          ? "live"
          : this.#waiting.background.length
            ? "background"
            : null
        if (!priority) {
          return
        }
        const waitMs = await this.#tryTake(priority)
        if (waitMs === 0) {
          // The waiter may have given up meanwhile: its request is then simply not used.
          this.#waiting[priority].shift()?.()
        } else if (priority === "live") {
          await new Promise((resolve) => setTimeout(resolve, waitMs))
        } else {
          await this.#waitInterruptibly(waitMs + BACKGROUND_YIELD_MS)
        }
      }
    } finally {
      this.#taking = false
    }
  }

  /** A background wait that a live caller ends at once: it may find requests background may not use. */
  #waitInterruptibly(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer)
        this.#endBackgroundWait = null
        resolve()
      }
      const timer = setTimeout(end, ms)
      this.#endBackgroundWait = end
    })
  }

  /** 0 when a request was taken; else how long to wait before trying again. */
  async #tryTake(priority: RequestPriority): Promise<number> {
    const { all, background } = this.#limiters
    const key = this.#accountKey
    try {
      if (priority === "background") {
        const waitMs = await msUntilCounted(background.consume(key))
        if (waitMs > 0) {
          return waitMs
        }
      }
      const waitMs = await msUntilCounted(all.consume(key))
      if (waitMs > 0 && priority === "background") {
        // Not sent after all: give the background counter its request back.
        await background.reward(key).catch(() => undefined)
      }
      return waitMs
    } catch (error) {
      // The counters are a courtesy to Omnisend, never a reason to stop syncing: Omnisend's own
      // 429 and the client's retries still guard the limit.
      this.#reportStoreFailure(error)
      return 0
    }
  }

  #reportStoreFailure(error: unknown): void {
    if (this.#reportedStoreFailure) {
      return
    }
    this.#reportedStoreFailure = true
    const reason = error instanceof Error ? error.message : String(error)
    this.#logger?.warn(
      `Omnisend: the shared request budget could not be read (${reason}); requests go out unpaced until it can.`
    )
  }
}
