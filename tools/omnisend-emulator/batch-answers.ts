import { type BatchRecord, itemIdAt, resultsInRequestOrder } from "./batch-record"
import { batchItemSuccessAnswer } from "./contact-answers"
import type { BatchStatus } from "./types"

/** How Omnisend v3 renders a batch in each of its answers. */

/** CONTRACT: create_batch. */
export interface CreatedBatchAnswer {
  batchID: string
  totalCount: number
}

/** CONTRACT: get_batch: keys in this order. */
export interface BatchSummaryAnswer {
  batchID: string
  method: string
  endpoint: string
  status: BatchStatus
  createdAt: string
  startedAt?: string
  endedAt?: string
  totalCount: number
  finishedCount: number
  errorsCount: number
}

/** CONTRACT: get_batch_items: one entry of `errors` or `responses`. */
export interface BatchItemAnswer {
  itemID: string
  request: unknown
  responseCode: number
  response: unknown
  status: "finished"
}

/** CONTRACT: get_batch_items: the summary plus `errors` and `responses`, no `items`, no paging. */
export interface BatchItemsAnswer extends BatchSummaryAnswer {
  errors: BatchItemAnswer[]
  responses: BatchItemAnswer[]
}

export function createdBatchAnswer(batch: BatchRecord): CreatedBatchAnswer {
  return { batchID: batch.batchID, totalCount: batch.totalCount }
}

export function batchSummaryAnswer(batch: BatchRecord): BatchSummaryAnswer {
  return {
    batchID: batch.batchID,
    method: batch.method,
    endpoint: batch.endpoint,
    status: batch.status,
    createdAt: batch.createdAt,
    // ASSUMPTION: the contract shows only finished batches; startedAt and endedAt are absent until known.
    ...(batch.startedAt === undefined ? {} : { startedAt: batch.startedAt }),
    ...(batch.endedAt === undefined ? {} : { endedAt: batch.endedAt }),
    totalCount: batch.totalCount,
    finishedCount: batch.finishedCount,
    errorsCount: batch.errorsCount,
  }
}

export function batchItemsAnswer(batch: BatchRecord): BatchItemsAnswer {
  const order = batch.resultOrder ?? resultsInRequestOrder(batch)
  const entry = (index: number): BatchItemAnswer => itemAnswer(batch, index)
  return { ...batchSummaryAnswer(batch), errors: order.errors.map(entry), responses: order.responses.map(entry) }
}

function itemAnswer(batch: BatchRecord, index: number): BatchItemAnswer {
  const item = batch.items[index]
  return {
    itemID: itemIdAt(index),
    request: item.request,
    // Only processed items are listed, and every processed item has its code.
    responseCode: item.responseCode as number,
    response: itemResponse(batch, index),
    // CONTRACT: get_batch_items: failed and succeeded entries alike say "finished".
    status: "finished",
  }
}

/** The item's own answer: the short contact for a success, the error body for a failure, null if unprocessed. */
export function itemResponse(batch: BatchRecord, index: number): unknown {
  const item = batch.items[index]
  return item.contact ? batchItemSuccessAnswer(item.contact) : item.response
}
