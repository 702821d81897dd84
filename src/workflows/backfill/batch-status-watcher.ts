import {
  OmnisendInvalidDataError,
  OmnisendNotFoundError,
  OmnisendResponseValidationError,
  type BatchResponse,
} from "../../modules/omnisend/client"
import type { BackfillBatchApi } from "./backfill-ports"

export interface BatchStatusWatcherOptions {
  /** Wait before round `round` of polls (0 = first since the last progress). */
  pollDelayMs: (round: number) => number
  /** Sleeps, and throws when the run stops meanwhile. */
  sleep: (ms: number) => Promise<void>
  /** Runs one Omnisend call with the run's patience for outages and rate limits. */
  call: <T>(request: () => Promise<T>) => Promise<T>
}

interface Waiter {
  sentAt: Date
  resolve: (batch: BatchResponse | null) => void
  reject: (error: unknown) => void
}

// After a round that saw a batch finish, the next one waits this round's delay, not the first's.
const ROUND_AFTER_PROGRESS = 2
/**
 * While the runner still has room for more batches, nothing waits for a result: polls are this far
 * apart, since every poll spends the rate budget POSTs need. Once the runner waits (no room left, or
 * nothing left to send) it hurries the watcher, which then polls at the pollDelayMs pace.
 */
export const RELAXED_POLL_MS = 10_000

/**
 * Follows every batch in flight with one call per round: `GET /batches?endpoint=contacts` lists up
 * to 250 batches, where polling each batch costs a call per batch. A batch the list does not show
 * is asked for by id. Without a usable list (an API that answers 404 or another shape), every batch
 * is asked for by id.
 */
export class BatchStatusWatcher {
  private readonly waiters = new Map<string, Waiter>()
  private listing = true
  private polling = false
  private urgent = false
  private wake: (() => void) | null = null

  constructor(
    private readonly api: Pick<BackfillBatchApi, "getBatch" | "listContactBatches" | "adapter">,
    private readonly options: BatchStatusWatcherOptions
  ) {}

  /** The batch once Omnisend is done with it (finished or stopped), or null when it no longer knows it. */
  waitFor(batchId: string, sentAt: Date): Promise<BatchResponse | null> {
    return new Promise((resolve, reject) => {
      this.waiters.set(batchId, { sentAt, resolve, reject })
      if (!this.polling) {
        this.polling = true
        void this.poll()
      }
    })
  }

  /** Someone waits for a batch's result now: poll at the quick pace until one settles. */
  hurry(): void {
    this.urgent = true
    this.wake?.()
  }

  private async poll(): Promise<void> {
    let round = 0
    try {
      while (this.waiters.size > 0) {
        await this.nap(this.options.pollDelayMs(round))
        const settled = await this.pollOnce()
        round = settled > 0 ? ROUND_AFTER_PROGRESS : round + 1
        if (settled > 0) {
          this.urgent = false
        }
      }
    } catch (error) {
      for (const waiter of this.waiters.values()) {
        waiter.reject(error)
      }
      this.waiters.clear()
    } finally {
      this.polling = false
    }
  }

  /** Waits `quickMs` when hurried; else up to RELAXED_POLL_MS, cut short to `quickMs` by a hurry. */
  private async nap(quickMs: number): Promise<void> {
    if (this.urgent) {
      await this.options.sleep(quickMs)
      return
    }
    const startedAt = Date.now()
    const relaxed = this.options.sleep(RELAXED_POLL_MS)
    // A stopped run rejects the sleep: after a hurry it is found at the next one.
    relaxed.catch(() => undefined)
    await Promise.race([relaxed, new Promise<void>((resolve) => (this.wake = resolve))])
    this.wake = null
    const waitedMs = Date.now() - startedAt
    if (waitedMs < quickMs) {
      await this.options.sleep(quickMs - waitedMs)
    }
  }

  /** One round: how many batches it settled. */
  private async pollOnce(): Promise<number> {
    const listed = this.listing ? await this.list() : null
    let settled = 0
    for (const [batchId, waiter] of [...this.waiters]) {
      const batch = listed?.get(batchId) ?? (await this.readOne(batchId))
      if (batch === null || isDone(batch)) {
        this.waiters.delete(batchId)
        waiter.resolve(batch)
        settled++
      }
    }
    return settled
  }

  private async list(): Promise<Map<string, BatchResponse> | null> {
    const oldest = Math.min(...[...this.waiters.values()].map((waiter) => waiter.sentAt.getTime()))
    // A day earlier: Omnisend's date filter is a calendar day, in a time zone it does not state.
    const dateFrom = new Date(oldest - 86_400_000).toISOString().slice(0, 10)
    try {
      const batches = await this.options.call(() =>
        this.api.listContactBatches({ limit: this.api.adapter.maxListedBatches, dateFrom })
      )
      return new Map(batches.map((batch) => [batch.batchID, batch]))
    } catch (error) {
      if (!isListUnsupported(error)) {
        throw error
      }
      this.listing = false
      return null
    }
  }

  /** Null when Omnisend no longer knows the batch (it keeps batches 7 days). */
  private async readOne(batchId: string): Promise<BatchResponse | null> {
    try {
      return await this.options.call(() => this.api.getBatch(batchId))
    } catch (error) {
      if (error instanceof OmnisendNotFoundError) {
        return null
      }
      throw error
    }
  }
}

function isListUnsupported(error: unknown): boolean {
  return (
    error instanceof OmnisendNotFoundError ||
    error instanceof OmnisendResponseValidationError ||
    error instanceof OmnisendInvalidDataError
  )
}

export function isDone(batch: BatchResponse): boolean {
  if (batch.status !== undefined) {
    return batch.status === "finished" || batch.status === "stopped"
  }
  return batch.finishedCount !== undefined && batch.totalCount !== undefined && batch.finishedCount >= batch.totalCount
}
