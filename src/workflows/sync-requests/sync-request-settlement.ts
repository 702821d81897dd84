import { OmnisendErrorCode } from "../../modules/omnisend/client/errors"
import type { ContactSyncOutcome } from "../steps/send-contact-to-omnisend"

/** First retry after this long, doubling with each failed attempt. */
export const FIRST_RETRY_DELAY_MS = 5_000
/**
 * The longest wait between attempts: with the retry job running every minute, a change reaches
 * Omnisend within two minutes of Omnisend answering again.
 */
export const MAX_RETRY_DELAY_MS = 60_000

export type SyncRequestSettlement =
  /** Omnisend took the change, or it needs nothing sent: the request is done. */
  | { kind: "resolve" }
  /** Try again after `delayMs`. */
  | { kind: "retry"; delayMs: number }
  /** Kept for when sync is on again (turned off, paused, or the API key was refused). */
  | { kind: "hold" }

/** Capped exponential backoff by the number of failed attempts so far (1 = first failure). */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 16))
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** exponent)
}

/**
 * What a sync's outcome means for the change it carried. Data Omnisend refuses for good (400) is
 * `failed` with its reason and not retried; a refused key holds the change until the key is fixed;
 * everything else that failed (outages, rate limits, timeouts, database faults) is retried.
 */
export function settleSyncRequest(outcome: ContactSyncOutcome, attempts: number): SyncRequestSettlement {
  switch (outcome.state) {
    case "disabled":
      return { kind: "hold" }
    case "failed":
      if (outcome.error.code === OmnisendErrorCode.AUTH_FAILED) {
        return { kind: "hold" }
      }
      return outcome.error.retryable ? { kind: "retry", delayMs: retryDelayMs(attempts) } : { kind: "resolve" }
    default:
      return { kind: "resolve" }
  }
}
