import {
  FORBIDDEN_BODY,
  invalidDataResponse,
  RATE_LIMITED_BODY,
  UNAUTHORIZED_BODY,
  UNAVAILABLE_BODY,
} from "./error-bodies"
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
 * Decides every answer in one order: auth (401), rate limit (429), forbidden or blocked (403),
 * canned failures, random outages, body limits, routing, then the endpoint itself; and records the
 * request whatever the outcome. ASSUMPTION: the order (Omnisend does not document it).
 */
export function createRequestPipeline(
  dependencies: PipelineDependencies
): (request: IncomingEmulatorRequest) => EmulatorResponse {
  const { apiKeys, forbiddenApiKeys, router, log, runtime, origin, recordBodies } = dependencies

  const decide = (request: IncomingEmulatorRequest, url: URL, parsed: ParsedBody): EmulatorResponse => {
    const { apiKey } = request
    // CONTRACT: error_unauthorized, for a missing key, an unknown one and a revoked one alike.
    // ASSUMPTION: such a request has no account, so it spends no budget and carries no rate headers.
    const unknown = apiKey === undefined || apiKey === "" || (!apiKeys.has(apiKey) && !forbiddenApiKeys.has(apiKey))
    if (unknown || runtime.faults.isRevoked(apiKey)) {
      return { status: 401, body: UNAUTHORIZED_BODY }
    }

    // REFERENCE: every answer to an account carries the X-Rate-Limit-* headers; CONTRACT: error_rate_limited.
    const limit = runtime.rateLimiter?.take()
    const rateHeaders = limit?.headers ?? {}
    if (limit && !limit.allowed) return { status: 429, body: RATE_LIMITED_BODY, headers: rateHeaders }

    // CONTRACT: error_forbidden: a key without access, or one blocked for a while after many errors.
    // ASSUMPTION: both are decided after the rate limit, so they spend budget.
    if (forbiddenApiKeys.has(apiKey) || runtime.faults.isBlocked()) {
      return { status: 403, body: FORBIDDEN_BODY, headers: rateHeaders }
    }

    // Test hooks, not Omnisend behaviour: canned answers and a share of outages.
    const canned = runtime.faults.takeCanned()
    if (canned) return withHeaders(canned, rateHeaders)
    // REFERENCE: 503 means overload, worth retrying.
    if (runtime.faults.shouldAnswerUnavailable()) return { status: 503, body: UNAVAILABLE_BODY, headers: rateHeaders }

    return withHeaders(route(request, url, parsed), rateHeaders)
  }

  const route = (request: IncomingEmulatorRequest, url: URL, parsed: ParsedBody): EmulatorResponse => {
    // REFERENCE: keep bodies under 1 MB. ASSUMPTION: larger ones are refused with 413 and this text.
    if (request.body.tooLarge) {
      return errorResponse(413, `Request body too large (max ${describeBytes(runtime.maxBodyBytes)})`)
    }
    const match = router(request.method, url.pathname)
    // ASSUMPTION: the texts of 404 and 405 answers, and that a known path with another verb is a 405.
    if (match.kind === "notFound") return errorResponse(404, "Not found")
    if (match.kind === "methodNotAllowed") {
      return withHeaders(errorResponse(405, "Method not allowed"), { Allow: match.allow.join(", ") })
    }
    // CONTRACT: error_invalid_data.
    if (parsed.invalid) return invalidDataResponse(["body: must be valid JSON"])
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
