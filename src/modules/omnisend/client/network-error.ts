import { isAxiosError } from "axios"
import { OmnisendUnavailableError } from "./errors"
import type { OmnisendUnavailableReason } from "./errors"

export interface NetworkFailureContext {
  operation: string
  /** Origin of the API URL, safe to show. */
  host: string
  timeoutMs: number
  /** Our own deadline fired (the abort signal), whatever code axios reports. */
  timedOut: boolean
}

const REASON_BY_CODE: Record<string, OmnisendUnavailableReason> = {
  ETIMEDOUT: "timeout",
  ECONNABORTED: "timeout",
  ECONNREFUSED: "connection_refused",
  ECONNRESET: "connection_reset",
  EPIPE: "connection_reset",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
}

/**
 * Maps a request that got no HTTP answer to an OmnisendUnavailableError. Only the error code is
 * read: the axios error itself holds the request config, API key header included, and is dropped.
 * Returns undefined for anything that is not a network failure (a bug to rethrow as is).
 */
export function errorFromNetworkFailure(
  error: unknown,
  { operation, host, timeoutMs, timedOut }: NetworkFailureContext
): OmnisendUnavailableError | undefined {
  if (!isAxiosError(error)) {
    return undefined
  }
  const code = error.code ?? "unknown"
  const reason = timedOut ? "timeout" : (REASON_BY_CODE[code] ?? "network")
  return new OmnisendUnavailableError({ operation, host, timeoutMs, reason, networkCode: code })
}
