import { performance } from "node:perf_hooks"
import { itemResponse } from "./batch-answers"
import { type BatchRecord, isRetained, itemIdAt, resultsInRequestOrder } from "./batch-record"
import type { ContactStore } from "./contact-store"
import { cyclicShuffle } from "./cyclic-shuffle"
import { errorBodyFor } from "./error-bodies"
import { createObjectId } from "./object-ids"
import { postContact } from "./post-contact"
import type { BatchStatus, EmulatedBatch } from "./types"

/** Read on every tick, so configure() takes effect for batches already queued. */
export interface BatchSettings {
  tickMs: number
  stopAfterErrors?: number
  shuffleResults: boolean
  /** The status an item fails with instead of being applied, when a fault says so. */
  itemFailure: (request: unknown) => number | undefined
  random: () => number
}

// Work is done in slices of this length so a million queued items never block the HTTP server.
const SLICE_MS = 10
const DEADLINE_CHECK_EVERY = 64

/**
 * REFERENCE: Omnisend's asynchronous batch processing. ASSUMPTION: a batch waits as "pending" until
 * the next tick, is "inProgress" for one tick, then its items are applied exactly like POST /contacts.
 */
export class BatchProcessor {
  private readonly batches = new Map<string, BatchRecord>()
  /** Unfinished batches in creation order; the ready ones always form a prefix. */
  private queue: BatchRecord[] = []
  private timer?: NodeJS.Timeout
  private continuation?: NodeJS.Immediate
  private idleWaiters: Array<() => void> = []

  constructor(
    private readonly store: ContactStore,
    private readonly settings: () => BatchSettings
  ) {}

  create(method: string, endpoint: string, items: unknown[]): Readonly<BatchRecord> {
    const createdAt = new Date()
    const batch: BatchRecord = {
      batchID: createObjectId(),
      method,
      endpoint,
      status: "pending",
      totalCount: items.length,
      finishedCount: 0,
      errorsCount: 0,
      createdAt: createdAt.toISOString(),
      createdAtMs: createdAt.getTime(),
      items: items.map((request) => ({ request, responseCode: null, response: null, status: "pending" })),
      nextItem: 0,
      ready: false,
      expired: false,
    }
    this.batches.set(batch.batchID, batch)
    this.queue.push(batch)
    this.scheduleTick()
    return batch
  }

  /** A batch the API still answers for: not expired. */
  find(batchID: string): Readonly<BatchRecord> | undefined {
    const batch = this.batches.get(batchID)
    return batch && isRetained(batch, Date.now()) ? batch : undefined
  }

  /** The batches the API still answers for, newest first. */
  newestFirst(): Array<Readonly<BatchRecord>> {
    const now = Date.now()
    return [...this.batches.values()].filter((batch) => isRetained(batch, now)).reverse()
  }

  /** Copies of every batch received, expired ones included, for EmulatorState. */
  all(): EmulatedBatch[] {
    return [...this.batches.values()].map((batch) => ({
      batchID: batch.batchID,
      method: batch.method,
      endpoint: batch.endpoint,
      status: batch.status,
      totalCount: batch.totalCount,
      finishedCount: batch.finishedCount,
      errorsCount: batch.errorsCount,
      createdAt: batch.createdAt,
      ...(batch.startedAt === undefined ? {} : { startedAt: batch.startedAt }),
      ...(batch.endedAt === undefined ? {} : { endedAt: batch.endedAt }),
      items: batch.items.map((item, index) => ({
        itemID: itemIdAt(index),
        request: item.request,
        responseCode: item.responseCode,
        response: itemResponse(batch, index),
        status: item.status,
      })),
    }))
  }

  /** Every batch received so far is answered 404 from now on; unfinished ones are still processed. */
  expireAll(): void {
    for (const batch of this.batches.values()) batch.expired = true
  }

  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops processing but keeps every batch for inspection; pending idle() calls resolve. */
  halt(): void {
    clearTimeout(this.timer)
    if (this.continuation) clearImmediate(this.continuation)
    this.timer = undefined
    this.continuation = undefined
    this.notifyIdle()
  }

  /** Drops every batch and stops processing. */
  clear(): void {
    this.halt()
    this.batches.clear()
    this.queue = []
  }

  private scheduleTick(): void {
    if (this.timer || this.queue.length === 0) return
    this.timer = setTimeout(() => this.tick(), this.settings().tickMs)
  }

  private tick(): void {
    this.timer = undefined
    const now = new Date().toISOString()
    for (const batch of this.queue) {
      if (batch.status === "inProgress") {
        batch.ready = true
      } else {
        batch.status = "inProgress"
        batch.startedAt = now
      }
    }
    this.drain()
    this.scheduleTick()
  }

  private drain(): void {
    if (this.continuation) return
    const settings = this.settings()
    // One timestamp per slice: a slice lasts milliseconds, and formatting dates per item is costly.
    const now = new Date().toISOString()
    const deadline = performance.now() + SLICE_MS
    let processed = 0
    while (this.queue.length > 0 && this.queue[0].ready) {
      const batch = this.queue[0]
      this.processNextItem(batch, settings, now)
      if (batch.status === "finished" || batch.status === "stopped") this.queue.shift()
      processed++
      if (processed % DEADLINE_CHECK_EVERY === 0 && performance.now() >= deadline) {
        this.continuation = setImmediate(() => {
          this.continuation = undefined
          this.drain()
        })
        return
      }
    }
    if (this.queue.length === 0) {
      clearTimeout(this.timer)
      this.timer = undefined
      this.notifyIdle()
    }
  }

  private processNextItem(batch: BatchRecord, settings: BatchSettings, now: string): void {
    const item = batch.items[batch.nextItem++]
    const injected = settings.itemFailure(item.request)
    if (injected !== undefined) {
      item.responseCode = injected
      item.response = errorBodyFor(injected)
    } else {
      const outcome = postContact(this.store, item.request, now)
      if (outcome.ok) {
        item.responseCode = 200
        item.contact = outcome.contact
      } else {
        item.responseCode = outcome.response.status
        item.response = outcome.response.body
      }
    }
    item.status = item.responseCode === 200 ? "finished" : "failed"
    // REFERENCE: finishedCount counts processed items, errorsCount the failed ones.
    batch.finishedCount++
    if (item.status === "failed") batch.errorsCount++
    // REFERENCE: "stopped" = stopped for too many errors; ASSUMPTION: the threshold, and that the
    // remaining items stay unprocessed.
    if (settings.stopAfterErrors !== undefined && batch.errorsCount > settings.stopAfterErrors) {
      for (let index = batch.nextItem; index < batch.totalCount; index++) batch.items[index].status = "skipped"
      endBatch(batch, "stopped", now, settings)
    } else if (batch.nextItem === batch.totalCount) {
      endBatch(batch, "finished", now, settings)
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}

function endBatch(batch: BatchRecord, status: BatchStatus, now: string, settings: BatchSettings): void {
  batch.status = status
  batch.endedAt = now
  const order = resultsInRequestOrder(batch)
  // ASSUMPTION: Omnisend's order is not documented; shuffled results prove the client matches by request.
  batch.resultOrder = settings.shuffleResults
    ? { errors: cyclicShuffle(order.errors, settings.random), responses: cyclicShuffle(order.responses, settings.random) }
    : order
}
