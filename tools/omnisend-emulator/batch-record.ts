import type { BatchItemResult, EmulatedBatch, EmulatedContact } from "./types"

/** What the emulator keeps of a batch; the answers and the state copies are rendered from it. */

export interface BatchItemRecord {
  /** As sent, echoed in the item's result. */
  request: unknown
  responseCode: number | null
  /** The error body of a failed item; successes keep the contact instead and render it when asked. */
  response: unknown
  contact?: EmulatedContact
  status: BatchItemResult["status"]
}

/** Indexes into a batch's items, in the order GET /batches/{id}/items lists them. */
export interface BatchResultOrder {
  errors: number[]
  responses: number[]
}

export interface BatchRecord extends Omit<EmulatedBatch, "items"> {
  /** createdAt as a number, for the retention check on every read. */
  createdAtMs: number
  items: BatchItemRecord[]
  nextItem: number
  /** Set on the tick after the batch went inProgress, so that state is observable for one tick. */
  ready: boolean
  /** Set by expireBatches(): answered as if its 7 days had passed. */
  expired: boolean
  /** Fixed when the batch ends; until then results are listed in request order. */
  resultOrder?: BatchResultOrder
}

// REFERENCE: batches are removed after 7 days (then 404).
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000

export function isRetained(batch: BatchRecord, now: number): boolean {
  return !batch.expired && now - batch.createdAtMs < RETENTION_MS
}

/** ASSUMPTION: items a stopped batch never processed appear in neither `errors` nor `responses`. */
export function resultsInRequestOrder(batch: BatchRecord): BatchResultOrder {
  const order: BatchResultOrder = { errors: [], responses: [] }
  batch.items.forEach((item, index) => {
    if (item.status === "failed") order.errors.push(index)
    else if (item.status === "finished") order.responses.push(index)
  })
  return order
}

/** CONTRACT: get_batch_items: itemID is a string numbering items from "1" in request order. */
export function itemIdAt(index: number): string {
  return String(index + 1)
}
