import type { FaultInjector } from "./faults"
import { errorResponse, type EmulatorResponse } from "./http-types"
import type { RateLimiter } from "./rate-limiter"
import type { ReadBody } from "./read-body"
import type { RequestLog } from "./request-log"
import type { Router } from "./router"

export interface IncomingEmulatorRequest {
  method: string
  /** Path and query as sent, e.g. "/v3/contacts?email=jane%40example.com". */
  target: string
  apiKey: string | undefined
  body: ReadBody
  receivedAt: string
}

/** The parts configure() and reset() swap, read on every request. */
export interface PipelineRuntime {
  rateLimiter: RateLimiter | null
  faults: FaultInjector
  maxBodyBytes: number
}

export interface PipelineDependencies {
  apiKeys: ReadonlySet<string>
  forbiddenApiKeys: ReadonlySet<string>
  router: Router
  log: RequestLog
  runtime: PipelineRuntime
  origin: () => string
  recordBodies: boolean
}

type ParsedBody = { value: unknown; invalid: boolean }

function parseBody(body: ReadBody): ParsedBody {
  if (body.tooLarge || body.raw.length === 0) return { value: null, invalid: false }
  try {
    return { value: JSON.parse(body.raw.toString("utf8")), invalid: false }
  } catch {
    return { value: null, invalid: true }
  }
}

function describeBytes(bytes: number): string {
  return bytes % 1_000_000 === 0 ? `${bytes / 1_000_000}MB` : `${bytes} bytes`
}

function withHeaders(response: EmulatorResponse, headers: Record<string, string>): EmulatorResponse {
  return { ...response, headers: { ...headers, ...response.headers } }
}

/**
 * Decides every answer in Omnisend's order: auth, rate limit, canned failures, random outages,
 * body limits, routing, then the endpoint itself; and records the request whatever the outcome.
 */
export function createRequestPipeline(
  dependencies: PipelineDependencies
): (request: IncomingEmulatorRequest) => EmulatorResponse {
  const { apiKeys, forbiddenApiKeys, router, log, runtime, origin, recordBodies } = dependencies

  const decide = (request: IncomingEmulatorRequest, url: URL, parsed: ParsedBody): EmulatorResponse => {
    const { apiKey } = request
    if (apiKey === undefined || apiKey === "") return errorResponse(401, "Unauthorized: missing X-API-KEY header")
    if (forbiddenApiKeys.has(apiKey)) {
      return errorResponse(403, "Forbidden: this API key has no permission to use the API")
    }
    if (!apiKeys.has(apiKey)) return errorResponse(401, "Unauthorized: invalid API key")

    const limit = runtime.rateLimiter?.take()
    const rateHeaders = limit?.headers ?? {}
    if (limit && !limit.allowed) return withHeaders(errorResponse(429, "Too many requests"), rateHeaders)

    const canned = runtime.faults.takeCanned()
    if (canned) return withHeaders(canned, rateHeaders)
    if (runtime.faults.shouldAnswerUnavailable()) {
      return withHeaders(errorResponse(503, "Service unavailable"), rateHeaders)
    }

    return withHeaders(route(request, url, parsed), rateHeaders)
  }

  const route = (request: IncomingEmulatorRequest, url: URL, parsed: ParsedBody): EmulatorResponse => {
    if (request.body.tooLarge) {
      return errorResponse(413, `Request body too large (max ${describeBytes(runtime.maxBodyBytes)})`)
    }
    const match = router(request.method, url.pathname)
    if (match.kind === "notFound") return errorResponse(404, "Not found")
    if (match.kind === "methodNotAllowed") {
      return withHeaders(errorResponse(405, "Method not allowed"), { Allow: match.allow.join(", ") })
    }
    if (parsed.invalid) return errorResponse(400, "Invalid JSON body")
    try {
      return match.handler({ body: parsed.value, query: url.searchParams, params: match.params, origin: origin() })
    } catch (error) {
      return errorResponse(500, `Emulator error: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  return (request) => {
    const url = new URL(request.target, origin())
    const parsed = parseBody(request.body)
    const response = decide(request, url, parsed)
    log.record({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: response.status,
      bodyBytes: request.body.bytes,
      body: recordBodies ? parsed.value : null,
      at: request.receivedAt,
    })
    return response
  }
}
