import {
  OmnisendApiVersionRetiredError,
  OmnisendAuthError,
  OmnisendBlockedError,
  OmnisendInvalidDataError,
  OmnisendNotFoundError,
  OmnisendRateLimitError,
  OmnisendResponseValidationError,
  OmnisendUnavailableError,
} from "./errors"
import type { OmnisendError } from "./errors"
import type { OmnisendErrorDetails } from "./adapters/omnisend-api-adapter"

export interface ErrorResponseContext {
  operation: string
  status: number
  details: OmnisendErrorDetails
  /** What a 404 refers to, e.g. "contact 64ab...". */
  resource?: string
  apiVersion: string
  /** The call only checks the key (GET /accounts): a 403 there means the key lacks access. */
  checksKey?: boolean
}

/** Maps a non-2xx answer to the error a merchant can act on; statuses follow Omnisend's docs. */
export function errorFromResponse({
  operation,
  status,
  details,
  resource,
  apiVersion,
  checksKey = false,
}: ErrorResponseContext): OmnisendError {
  const context = { operation, status }
  if (status === 401 || (status === 403 && checksKey)) {
    return new OmnisendAuthError(context)
  }
  if (status === 403) {
    return new OmnisendBlockedError(context)
  }
  if (status === 404) {
    return new OmnisendNotFoundError({ ...context, resource })
  }
  if (status === 408) {
    return new OmnisendUnavailableError({ ...context, reason: "request_timeout" })
  }
  if (status === 410) {
    return new OmnisendApiVersionRetiredError({ ...context, apiVersion })
  }
  if (status === 429) {
    return new OmnisendRateLimitError({ ...context, retryAfterMs: details.retryAfterMs })
  }
  if (status >= 500) {
    return new OmnisendUnavailableError({ ...context, reason: "server_error" })
  }
  // 400 and 422 above all, but also 409 (identifier taken) or 413 (body too large): the data
  // must change before another try can succeed.
  if (status >= 400) {
    return new OmnisendInvalidDataError({ ...context, text: details.text, fields: details.fields })
  }
  // Redirects are not followed (they could carry the key elsewhere); 1xx/3xx are not answers.
  return new OmnisendResponseValidationError({
    ...context,
    issues: [`unexpected HTTP status ${status}`],
  })
}
