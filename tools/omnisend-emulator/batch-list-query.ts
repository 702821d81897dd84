import type { BatchStatus } from "./types"

/**
 * The query of GET /batches. REFERENCE: the v3/2026 reference lists up to 250 batches per call and
 * needs the endpoint. ASSUMPTION: the other parameters (offset, status, dateFrom) and their checks.
 */

export interface BatchListQuery {
  endpoint: string
  limit: number
  offset: number
  status?: BatchStatus
  /** Start of the dateFrom day, UTC. */
  createdFromMs?: number
}

export type BatchListQueryParse = { ok: true; query: BatchListQuery } | { ok: false; messages: string[] }

export const DEFAULT_BATCH_PAGE_SIZE = 100
export const MAX_BATCH_PAGE_SIZE = 250
const BATCH_STATUSES: readonly BatchStatus[] = ["pending", "inProgress", "finished", "stopped"]
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

function wholeNumber(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback
  const number = Number(value)
  return value.trim() !== "" && Number.isInteger(number) ? number : undefined
}

function startOfDay(value: string): number | undefined {
  if (!DAY_PATTERN.test(value)) return undefined
  const time = Date.parse(`${value}T00:00:00Z`)
  // Date.parse rolls 2024-02-30 over to March; a round trip catches it.
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? undefined : time
}

export function parseBatchListQuery(search: URLSearchParams): BatchListQueryParse {
  const messages: string[] = []
  const endpoint = search.get("endpoint")
  if (endpoint === null || endpoint === "") messages.push("endpoint: is required")
  const limit = wholeNumber(search.get("limit"), DEFAULT_BATCH_PAGE_SIZE)
  if (limit === undefined || limit < 1 || limit > MAX_BATCH_PAGE_SIZE) {
    messages.push(`limit: must be a whole number from 1 to ${MAX_BATCH_PAGE_SIZE}`)
  }
  const offset = wholeNumber(search.get("offset"), 0)
  if (offset === undefined || offset < 0) messages.push("offset: must be a whole number, 0 or more")
  const statusParam = search.get("status")
  const status = BATCH_STATUSES.find((known) => known === statusParam)
  if (statusParam !== null && !status) messages.push(`status: must be one of ${BATCH_STATUSES.join(", ")}`)
  const dateFrom = search.get("dateFrom")
  const createdFromMs = dateFrom === null ? undefined : startOfDay(dateFrom)
  if (dateFrom !== null && createdFromMs === undefined) messages.push("dateFrom: must be a real date in YYYY-MM-DD format")
  if (messages.length > 0) return { ok: false, messages }
  return {
    ok: true,
    query: { endpoint: endpoint as string, limit: limit as number, offset: offset as number, status, createdFromMs },
  }
}
