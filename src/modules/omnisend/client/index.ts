export { OmnisendClient } from "./omnisend-client"
export type { OmnisendClientLogger, OmnisendClientOptions } from "./omnisend-client"
export { OmnisendV3Adapter } from "./adapters/v3-adapter"
export type {
  ListBatchesQuery,
  OmnisendApiAdapter,
  OmnisendErrorDetails,
  OmnisendErrorResponse,
  OmnisendHttpMethod,
  OmnisendHttpRequest,
} from "./adapters/omnisend-api-adapter"
export {
  isRetryableOmnisendError,
  OmnisendApiVersionRetiredError,
  OmnisendAuthError,
  OmnisendBlockedError,
  OmnisendError,
  OmnisendErrorCode,
  OmnisendInvalidDataError,
  OmnisendNotFoundError,
  OmnisendRateLimitError,
  OmnisendRequestValidationError,
  OmnisendResponseValidationError,
  OmnisendUnavailableError,
} from "./errors"
export type {
  OmnisendAuthFailure,
  OmnisendErrorContext,
  OmnisendErrorJson,
  OmnisendUnavailableReason,
} from "./errors"
export { computeRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS } from "./retry-policy"
export type { RetryDelayOptions } from "./retry-policy"
export { parseRetryAfterMs } from "./parse-retry-after"
export type { RateLimitObservation, RequestBudget, RequestPriority } from "./request-budget"
export type { RetryAfterHints } from "./parse-retry-after"
export { maskEmail, maskPhone, maskPiiInText } from "./mask-pii"
export * from "./schemas"
