import type { BatchProcessor } from "./batch-processor"
import { errorResponse, type RouteHandler } from "./http-types"

export const MAX_BATCH_ITEMS = 1000

export interface BatchRoutes {
  create: RouteHandler
  getById: RouteHandler
  items: RouteHandler
}

/** The v3 /batches endpoints; only contact creation batches exist in this emulator. */
export function createBatchRoutes(processor: BatchProcessor): BatchRoutes {
  return {
    create: ({ body }) => {
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return errorResponse(400, "Request body must be a JSON object")
      }
      const { method, endpoint, items } = body as Record<string, unknown>
      if (method !== "POST") {
        return errorResponse(400, `Unsupported batch method ${JSON.stringify(method)}: only "POST" is supported`)
      }
      if (endpoint !== "contacts") {
        return errorResponse(400, `Unsupported batch endpoint ${JSON.stringify(endpoint)}: only "contacts" is supported`)
      }
      if (!Array.isArray(items) || items.length === 0) return errorResponse(400, "items must be a non-empty array")
      if (items.length > MAX_BATCH_ITEMS) {
        return errorResponse(400, `Too many items in batch: ${items.length} (at most ${MAX_BATCH_ITEMS} per batch)`)
      }
      return { status: 200, body: processor.create(method, endpoint, items) }
    },
    getById: ({ params }) => {
      const summary = processor.summary(params[0])
      return summary ? { status: 200, body: summary } : errorResponse(404, "Batch not found")
    },
    items: ({ params }) => {
      const items = processor.items(params[0])
      return items ? { status: 200, body: { batchID: params[0], items } } : errorResponse(404, "Batch not found")
    },
  }
}
