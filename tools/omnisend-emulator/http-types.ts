/** What route handlers and the request pipeline exchange, independent of node:http. */

export interface EmulatorResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface ErrorBody {
  error: string
  fields?: Record<string, string[]>
}

export function errorResponse(status: number, error: string, fields?: Record<string, string[]>): EmulatorResponse {
  const body: ErrorBody = fields ? { error, fields } : { error }
  return { status, body }
}

export interface RouteRequest {
  body: unknown
  query: URLSearchParams
  /** Path segments captured by the route, e.g. the contactID. */
  params: string[]
  /** e.g. "http://127.0.0.1:54321", for absolute paging links. */
  origin: string
}

export type RouteHandler = (request: RouteRequest) => EmulatorResponse
