import { maskPiiInText } from "./mask-pii"

/**
 * Errors a merchant (or the admin page) can act on. Each says what failed and what to do, and
 * carries only safe data: never the API key, never the axios error (its config holds the key
 * header), and Omnisend's own text only after emails and phones in it are masked.
 */

export const OmnisendErrorCode = {
  AUTH_FAILED: "OMNISEND_AUTH_FAILED",
  BLOCKED: "OMNISEND_BLOCKED",
  INVALID_DATA: "OMNISEND_INVALID_DATA",
  NOT_FOUND: "OMNISEND_NOT_FOUND",
  RATE_LIMITED: "OMNISEND_RATE_LIMITED",
  UNAVAILABLE: "OMNISEND_UNAVAILABLE",
  API_VERSION_RETIRED: "OMNISEND_API_VERSION_RETIRED",
  REQUEST_INVALID: "OMNISEND_REQUEST_INVALID",
  RESPONSE_INVALID: "OMNISEND_RESPONSE_INVALID",
} as const
export type OmnisendErrorCode = (typeof OmnisendErrorCode)[keyof typeof OmnisendErrorCode]

export interface OmnisendErrorJson {
  name: string
  code: OmnisendErrorCode
  message: string
  status?: number
  retryable: boolean
  operation?: string
  attempts?: number
  [detail: string]: unknown
}

/** Where the error happened, in words for a merchant: "creating a contact", "reading a batch". */
export interface OmnisendErrorContext {
  operation?: string
  status?: number
}

// Omnisend error text is shown to merchants; long bodies (HTML from a proxy) would bury the point.
const MAX_OMNISEND_TEXT_LENGTH = 300
const MAX_FIELD_MESSAGES_IN_MESSAGE = 3
const MAX_ISSUES_IN_MESSAGE = 5
// A 1000-item batch can fail on every item; the first few explain the problem.
const MAX_ISSUES_KEPT = 50

function cleanOmnisendText(text: string): string {
  const masked = maskPiiInText(text.replace(/\s+/g, " ").trim())
  return masked.length > MAX_OMNISEND_TEXT_LENGTH
    ? `${masked.slice(0, MAX_OMNISEND_TEXT_LENGTH)}...`
    : masked
}

function cleanFields(fields: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, messages]) => [
      cleanOmnisendText(key),
      messages.map(cleanOmnisendText),
    ])
  )
}

function cleanIssues(issues: string[]): string[] {
  const kept = issues.slice(0, MAX_ISSUES_KEPT).map(cleanOmnisendText)
  return issues.length > MAX_ISSUES_KEPT
    ? [...kept, `and ${issues.length - MAX_ISSUES_KEPT} more`]
    : kept
}

function summariseIssues(issues: string[], total: number): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).join("; ")
  return total > MAX_ISSUES_IN_MESSAGE ? `${shown}; and ${total - MAX_ISSUES_IN_MESSAGE} more` : shown
}

function during(operation: string | undefined): string {
  return operation ? ` while ${operation}` : ""
}

function httpStatus(status: number | undefined): string {
  return status === undefined ? "" : ` (HTTP ${status})`
}

export abstract class OmnisendError extends Error {
  abstract readonly code: OmnisendErrorCode
  readonly status?: number
  readonly retryable: boolean
  readonly operation?: string
  /** Set by the client when it gives up: how many HTTP attempts were made. */
  attempts?: number

  protected constructor(message: string, context: OmnisendErrorContext, retryable: boolean) {
    super(message)
    this.status = context.status
    this.operation = context.operation
    this.retryable = retryable
  }

  /** Details specific to a subclass; all of them must be safe to log and show. */
  protected details(): Record<string, unknown> {
    return {}
  }

  toJSON(): OmnisendErrorJson {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      operation: this.operation,
      attempts: this.attempts,
      ...this.details(),
    }
  }
}

export type OmnisendAuthFailure = "invalid_key" | "forbidden" | "missing_key"

export class OmnisendAuthError extends OmnisendError {
  override readonly name = "OmnisendAuthError"
  readonly code = OmnisendErrorCode.AUTH_FAILED
  readonly reason: OmnisendAuthFailure

  constructor(context: OmnisendErrorContext & { reason?: OmnisendAuthFailure }) {
    const reason = context.reason ?? (context.status === 403 ? "forbidden" : "invalid_key")
    const where = `${during(context.operation)}${httpStatus(context.status)}`
    const messages: Record<OmnisendAuthFailure, string> = {
      invalid_key:
        `Omnisend rejected the API key${where}. ` +
        "Check the key in Settings -> Omnisend: it must be an active API key of this Omnisend store.",
      forbidden:
        `Omnisend refused access${where}: the API key lacks the permission for this call, ` +
        "or Omnisend blocked it after too many errors. Give the key access to contacts in Omnisend's " +
        "API key settings, or contact Omnisend support if the store is blocked.",
      missing_key: "No Omnisend API key is configured. Enter the key in Settings -> Omnisend.",
    }
    super(messages[reason], context, false)
    this.reason = reason
  }

  protected override details(): Record<string, unknown> {
    return { reason: this.reason }
  }
}

/**
 * A 403 on a data call: Omnisend refuses requests for a while after many errors (its own plugins
 * send such items again). Temporary, so it is retried with backoff and never pauses the sync; a key
 * that really lacks access is told by the connection check (403 on the account call).
 */
export class OmnisendBlockedError extends OmnisendError {
  override readonly name = "OmnisendBlockedError"
  readonly code = OmnisendErrorCode.BLOCKED

  constructor(context: OmnisendErrorContext) {
    super(
      `Omnisend refused the request for now${during(context.operation)}${httpStatus(context.status)}: ` +
        "it blocks requests for a while after many errors. The plugin backs off and tries again; " +
        "if it lasts, use Test connection in Settings -> Omnisend to check the key's access.",
      context,
      true
    )
  }
}

export class OmnisendInvalidDataError extends OmnisendError {
  override readonly name = "OmnisendInvalidDataError"
  readonly code = OmnisendErrorCode.INVALID_DATA
  /** Omnisend's complaints keyed by item index ("0" for a single contact), PII masked. */
  readonly fields: Record<string, string[]>

  constructor(context: OmnisendErrorContext & { text?: string; fields?: Record<string, string[]> }) {
    const fields = cleanFields(context.fields ?? {})
    const complaints = [
      ...(context.text ? [cleanOmnisendText(context.text)] : []),
      ...Object.entries(fields)
        .flatMap(([key, messages]) => messages.map((message) => `item ${key}: ${message}`))
        .slice(0, MAX_FIELD_MESSAGES_IN_MESSAGE),
    ]
    const said = complaints.length ? `: ${complaints.join("; ")}` : ""
    super(
      `Omnisend refused the data${during(context.operation)}${httpStatus(context.status)}${said}. ` +
        "Correct the customer's data in Medusa and sync again (report a plugin bug if the data looks right); " +
        "retrying unchanged data cannot succeed.",
      context,
      false
    )
    this.fields = fields
  }

  protected override details(): Record<string, unknown> {
    return { fields: this.fields }
  }
}

export class OmnisendNotFoundError extends OmnisendError {
  override readonly name = "OmnisendNotFoundError"
  readonly code = OmnisendErrorCode.NOT_FOUND

  constructor(context: OmnisendErrorContext & { resource?: string }) {
    const what = context.resource ? ` ${context.resource}` : " the requested record"
    super(
      `Omnisend could not find${what}${during(context.operation)}${httpStatus(context.status)}. ` +
        "It may have been deleted or merged in Omnisend (batches expire after 7 days); " +
        "syncing the customer again re-creates a missing contact.",
      context,
      false
    )
  }
}

export class OmnisendRateLimitError extends OmnisendError {
  override readonly name = "OmnisendRateLimitError"
  readonly code = OmnisendErrorCode.RATE_LIMITED
  /** How long Omnisend asked us to wait; undefined when it gave no hint. */
  readonly retryAfterMs?: number
  /**
   * No call was made: the plugin's own share of the rate limit stayed in use for `budgetWaitMs`
   * (a burst of changes, a backfill). The change is sent again shortly.
   */
  readonly budgetWaitMs?: number

  constructor(context: OmnisendErrorContext & { retryAfterMs?: number; budgetWaitMs?: number }) {
    const wait =
      context.retryAfterMs === undefined
        ? ""
        : ` Omnisend asked to wait ${Math.ceil(context.retryAfterMs / 1000)} s.`
    super(
      context.budgetWaitMs === undefined
        ? `Omnisend's rate limit was reached${during(context.operation)}${httpStatus(context.status)}.${wait} ` +
            "Retry later; every integration of the same Omnisend store shares this limit."
        : `The plugin's share of Omnisend's rate limit stayed in use for ${Math.ceil(context.budgetWaitMs / 1000)} s` +
            `${during(context.operation)}, so no call was made; the change is sent again shortly.`,
      context,
      true
    )
    this.retryAfterMs = context.retryAfterMs
    this.budgetWaitMs = context.budgetWaitMs
  }

  protected override details(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs, budgetWaitMs: this.budgetWaitMs }
  }
}

export type OmnisendUnavailableReason =
  | "server_error"
  | "request_timeout"
  | "timeout"
  | "connection_refused"
  | "connection_reset"
  | "dns"
  | "network"

export class OmnisendUnavailableError extends OmnisendError {
  override readonly name = "OmnisendUnavailableError"
  readonly code = OmnisendErrorCode.UNAVAILABLE
  readonly reason: OmnisendUnavailableReason

  constructor(
    context: OmnisendErrorContext & {
      reason: OmnisendUnavailableReason
      /** Host we tried to reach (origin only), for connection problems. */
      host?: string
      timeoutMs?: number
      /** Low-level error code (e.g. EPIPE) for "network". */
      networkCode?: string
    }
  ) {
    const where = during(context.operation)
    const host = context.host ? ` at ${context.host}` : ""
    const limit = context.timeoutMs === undefined ? "in time" : `within ${context.timeoutMs} ms`
    const code = context.networkCode ? ` (${context.networkCode})` : ""
    const whatFailed: Record<OmnisendUnavailableReason, string> = {
      server_error: `Omnisend is temporarily unavailable${where}${httpStatus(context.status)}.`,
      request_timeout: `Omnisend timed out handling the request${where}${httpStatus(context.status)}.`,
      timeout: `Omnisend did not answer ${limit} (timeout)${where}.`,
      connection_refused: `The connection to Omnisend${host} was refused${where}.`,
      connection_reset: `The connection to Omnisend${host} was reset${where}.`,
      dns: `The Omnisend host${host} could not be resolved${where}.`,
      network: `A network error${code} interrupted the call to Omnisend${host}${where}.`,
    }
    const whatToDo =
      context.reason === "server_error" || context.reason === "request_timeout"
        ? " This is usually temporary: retry later, and check Omnisend's status if it persists."
        : " Retry later; if it persists, check the Omnisend API URL and that this server can reach it."
    super(`${whatFailed[context.reason]}${whatToDo}`, context, true)
    this.reason = context.reason
  }

  protected override details(): Record<string, unknown> {
    return { reason: this.reason }
  }
}

export class OmnisendApiVersionRetiredError extends OmnisendError {
  override readonly name = "OmnisendApiVersionRetiredError"
  readonly code = OmnisendErrorCode.API_VERSION_RETIRED
  readonly apiVersion?: string

  constructor(context: OmnisendErrorContext & { apiVersion?: string }) {
    const version = context.apiVersion ? ` ${context.apiVersion}` : ""
    super(
      `Omnisend has retired API version${version}${during(context.operation)}${httpStatus(context.status)}. ` +
        "Update medusa-plugin-omnisend to a release that supports a current Omnisend API version.",
      context,
      false
    )
    this.apiVersion = context.apiVersion
  }

  protected override details(): Record<string, unknown> {
    return { apiVersion: this.apiVersion }
  }
}

/** Our own request failed its schema, so it was never sent: bad customer data or a plugin bug. */
export class OmnisendRequestValidationError extends OmnisendError {
  override readonly name = "OmnisendRequestValidationError"
  readonly code = OmnisendErrorCode.REQUEST_INVALID
  /** "path: problem" lines, without the offending values. */
  readonly issues: string[]

  constructor(context: OmnisendErrorContext & { issues: string[] }) {
    const issues = cleanIssues(context.issues)
    super(
      `The data for ${context.operation ?? "an Omnisend call"} is invalid and was not sent to Omnisend: ` +
        `${summariseIssues(issues, context.issues.length)}. ` +
        "Correct the customer's data in Medusa, or report it as a plugin bug if the data looks right.",
      { operation: context.operation },
      false
    )
    this.issues = issues
  }

  protected override details(): Record<string, unknown> {
    return { issues: this.issues }
  }
}

/** Omnisend answered with a shape we do not understand (API change, proxy page, ...). */
export class OmnisendResponseValidationError extends OmnisendError {
  override readonly name = "OmnisendResponseValidationError"
  readonly code = OmnisendErrorCode.RESPONSE_INVALID
  readonly issues: string[]

  constructor(context: OmnisendErrorContext & { issues: string[] }) {
    const issues = cleanIssues(context.issues)
    super(
      `Omnisend answered with an unexpected response${during(context.operation)}${httpStatus(context.status)}: ` +
        `${summariseIssues(issues, context.issues.length)}. ` +
        "Check that the Omnisend API URL is right; if it is, update medusa-plugin-omnisend or report the problem.",
      context,
      false
    )
    this.issues = issues
  }

  protected override details(): Record<string, unknown> {
    return { issues: this.issues }
  }
}

export function isRetryableOmnisendError(error: unknown): error is OmnisendError {
  return error instanceof OmnisendError && error.retryable
}
