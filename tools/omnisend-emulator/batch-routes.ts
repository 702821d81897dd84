import { batchItemsAnswer, batchSummaryAnswer, createdBatchAnswer } from "./batch-answers"
import { parseBatchListQuery } from "./batch-list-query"
import type { BatchProcessor } from "./batch-processor"
import { invalidDataResponse } from "./error-bodies"
import { errorResponse, type EmulatorResponse, type RouteHandler } from "./http-types"

// REFERENCE: at most 1000 items per v3 batch.
export const MAX_BATCH_ITEMS = 1000

export interface BatchRoutes {
  create: RouteHandler
  list: RouteHandler
  getById: RouteHandler
  items: RouteHandler
}

// ASSUMPTION: the texts of the 404s (the reference gives only the code).
const batchNotFound = (): EmulatorResponse => errorResponse(404, "Batch not found")
const routeNotFound = (): EmulatorResponse => errorResponse(404, "Not found")

/**
 * The v3 /batches endpoints; only contact creation batches exist in this emulator.
 * listEndpoint is read on every call, so configure() can take the list away.
 */
export function createBatchRoutes(processor: BatchProcessor, listEndpoint: () => boolean): BatchRoutes {
  return {
    // CONTRACT: create_batch: {batchID, totalCount}.
    create: ({ body }) => {
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return invalidDataResponse(["body: must be a JSON object"])
      }
      const { method, endpoint, items } = body as Record<string, unknown>
      // ASSUMPTION: everything but contact creation is refused (the plugin sends nothing else).
      if (method !== "POST") return invalidDataResponse([`method: only "POST" is supported, got ${JSON.stringify(method)}`])
      if (endpoint !== "contacts") {
        return invalidDataResponse([`endpoint: only "contacts" is supported, got ${JSON.stringify(endpoint)}`])
      }
      if (!Array.isArray(items) || items.length === 0) return invalidDataResponse(["items: must be a non-empty array"])
      if (items.length > MAX_BATCH_ITEMS) {
        return invalidDataResponse([`items: at most ${MAX_BATCH_ITEMS} per batch, got ${items.length}`])
      }
      return { status: 200, body: createdBatchAnswer(processor.create(method, endpoint, items)) }
    },
    // ASSUMPTION: the answer's shape ({batches, paging}) is not in the contract; it follows the
    // contact list. listEndpoint: false plays an API without the list.
    list: ({ query, origin }) => {
      if (!listEndpoint()) return routeNotFound()
      const parsed = parseBatchListQuery(query)
      if (!parsed.ok) return invalidDataResponse(parsed.messages)
      const { endpoint, limit, offset, status, createdFromMs } = parsed.query
      const matching = processor
        .newestFirst()
        .filter(
          (batch) =>
            batch.endpoint === endpoint &&
            (status === undefined || batch.status === status) &&
            (createdFromMs === undefined || batch.createdAtMs >= createdFromMs)
        )
      const pageLink = (pageOffset: number): string => {
        const linkQuery = new URLSearchParams(query)
        linkQuery.set("limit", String(limit))
        linkQuery.set("offset", String(pageOffset))
        return `${origin}/v3/batches?${linkQuery}`
      }
      const paging = {
        previous: offset > 0 ? pageLink(Math.max(0, offset - limit)) : null,
        next: offset + limit < matching.length ? pageLink(offset + limit) : null,
        offset,
        limit,
      }
      return { status: 200, body: { batches: matching.slice(offset, offset + limit).map(batchSummaryAnswer), paging } }
    },
    // CONTRACT: get_batch.
    getById: ({ params }) => {
      const batch = processor.find(params[0])
      return batch ? { status: 200, body: batchSummaryAnswer(batch) } : batchNotFound()
    },
    // CONTRACT: get_batch_items.
    items: ({ params }) => {
      const batch = processor.find(params[0])
      return batch ? { status: 200, body: batchItemsAnswer(batch) } : batchNotFound()
    },
  }
}
