import type { EmulatorResponse, ErrorBody } from "./http-types"

/** The error bodies Omnisend v3 answers, in one place so every route and fault says the same. */

// CONTRACT: error_unauthorized (a missing key and an unknown key alike).
export const UNAUTHORIZED_BODY: ErrorBody = {
  error: "Unauthorized - authorization error (invalid basic auth data or API key)",
}

// CONTRACT: error_forbidden (a key without access, or one blocked for a while after many errors).
export const FORBIDDEN_BODY: ErrorBody = { error: "Forbidden - the server understood the request, but is refusing it" }

// CONTRACT: error_rate_limited.
export const RATE_LIMITED_BODY: ErrorBody = { error: "Too many requests" }

// ASSUMPTION: the texts of 408 and 503 answers (the reference gives only the codes).
const REQUEST_TIMEOUT_BODY: ErrorBody = { error: "Request timeout" }
export const UNAVAILABLE_BODY: ErrorBody = { error: "Service unavailable" }

// CONTRACT: error_invalid_data: the count in `error` matches the messages, `fields` is keyed by item index
// (always "0" for one contact, and for a batch item, whose answer is that of its own POST).
export function invalidDataBody(messages: string[]): ErrorBody {
  return { error: `${messages.length} error(s) found. Check 'fields' array for details.`, fields: { "0": messages } }
}

export function invalidDataResponse(messages: string[]): EmulatorResponse {
  return { status: 400, body: invalidDataBody(messages) }
}

/** The body a failure with this status carries, e.g. for an injected batch item failure; a fresh copy. */
export function errorBodyFor(status: number): ErrorBody {
  switch (status) {
    case 400:
    case 422:
      // ASSUMPTION: the message of an injected invalid-data failure.
      return invalidDataBody(["injected failure"])
    case 401:
      return { ...UNAUTHORIZED_BODY }
    case 403:
      return { ...FORBIDDEN_BODY }
    case 408:
      return { ...REQUEST_TIMEOUT_BODY }
    case 429:
      return { ...RATE_LIMITED_BODY }
    case 503:
      return { ...UNAVAILABLE_BODY }
    default:
      // ASSUMPTION: any other status gets a plain v3 error body.
      return { error: `Injected failure (${status})` }
  }
}
