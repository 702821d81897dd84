import { performance } from "node:perf_hooks"
import type { ContactStore } from "./contact-store"
import { contactResponse } from "./contact-views"
import { createObjectId } from "./object-ids"
import { postContact } from "./post-contact"
import type { BatchItemResult, BatchStatus, EmulatedBatch, EmulatedContact } from "./types"

/** Read on every tick, so configure() takes effect for batches already queued. */
export interface BatchSettings {
  tickMs: number
  stopAfterErrors?: number
  itemFailureRate: number
  random: () => number
}

export type BatchSummary = Omit<EmulatedBatch, "items">

interface BatchItemRecord {
  itemID: string
  request: unknown
  responseCode: number | null
  /** Error bodies are kept as is; successes keep the contact and render it when asked. */
  response: unknown
  contact?: EmulatedContact
  status: BatchItemResult["status"]
}

interface BatchRecord extends Omit<EmulatedBatch, "items"> {
  items: BatchItemRecord[]
  nextItem: number
  /** Set on the tick after the batch went inProgress, so that state is observable for one tick. */
  ready: boolean
}

// Work is done in slices of this length so a million queued items never block the HTTP server.
const SLICE_MS = 10
const DEADLINE_CHECK_EVERY = 64

/**
 * Omnisend's asynchronous batch processing: a batch waits as "pending" until the next tick, is
 * "inProgress" for one tick, then its items are applied exactly like POST /contacts.
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

  create(method: string, endpoint: string, items: unknown[]): BatchSummary {
    const batch: BatchRecord = {
      batchID: createObjectId(),
      method,
      endpoint,
      status: "pending",
      totalCount: items.length,
      finishedCount: 0,
      errorsCount: 0,
      createdAt: new Date().toISOString(),
      items: items.map((request) => ({
        itemID: createObjectId(),
        request,
        responseCode: null,
        response: null,
        status: "pending",
      })),
      nextItem: 0,
      ready: false,
    }
    this.batches.set(batch.batchID, batch)
    this.queue.push(batch)
    this.scheduleTick()
    return summarize(batch)
  }

  summary(batchID: string): BatchSummary | undefined {
    const batch = this.batches.get(batchID)
    return batch && summarize(batch)
  }

  items(batchID: string): BatchItemResult[] | undefined {
    return this.batches.get(batchID)?.items.map(itemResult)
  }

  all(): EmulatedBatch[] {
    return [...this.batches.values()].map((batch) => ({ ...summarize(batch), items: batch.items.map(itemResult) }))
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
      if (batch.nextItem === batch.totalCount) this.queue.shift()
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
    if (settings.itemFailureRate > 0 && settings.random() < settings.itemFailureRate) {
      item.responseCode = 503
      item.response = { error: "Service unavailable" }
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
    batch.finishedCount++
    if (item.status === "failed") batch.errorsCount++
    if (settings.stopAfterErrors !== undefined && batch.errorsCount > settings.stopAfterErrors) {
      endBatch(batch, "stopped", now)
      for (; batch.nextItem < batch.totalCount; batch.nextItem++) batch.items[batch.nextItem].status = "skipped"
    } else if (batch.nextItem === batch.totalCount) {
      endBatch(batch, "finished", now)
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}

function endBatch(batch: BatchRecord, status: BatchStatus, now: string): void {
  batch.status = status
  batch.endedAt = now
}

function summarize(batch: BatchRecord): BatchSummary {
  const summary: BatchSummary = {
    batchID: batch.batchID,
    method: batch.method,
    endpoint: batch.endpoint,
    status: batch.status,
    totalCount: batch.totalCount,
    finishedCount: batch.finishedCount,
    errorsCount: batch.errorsCount,
    createdAt: batch.createdAt,
  }
  if (batch.startedAt) summary.startedAt = batch.startedAt
  if (batch.endedAt) summary.endedAt = batch.endedAt
  return summary
}

/** Successful items render the contact as it is now: snapshots of a million contacts would not fit. */
function itemResult(item: BatchItemRecord): BatchItemResult {
  return {
    itemID: item.itemID,
    request: item.request,
    responseCode: item.responseCode,
    response: item.contact ? contactResponse(item.contact) : item.response,
    status: item.status,
  }
}
