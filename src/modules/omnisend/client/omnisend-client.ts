import axios from "axios"
import type { AxiosInstance, AxiosResponse } from "axios"
import type { z } from "@medusajs/framework/zod"
import type {
  ListBatchesQuery,
  OmnisendApiAdapter,
  OmnisendErrorResponse,
  OmnisendHttpRequest,
} from "./adapters/omnisend-api-adapter"
import { OmnisendV3Adapter } from "./adapters/v3-adapter"
import {
  OmnisendAuthError,
  OmnisendError,
  OmnisendRateLimitError,
  OmnisendRequestValidationError,
  OmnisendResponseValidationError,
  OmnisendUnavailableError,
} from "./errors"
import { formatZodIssues } from "./format-zod-issues"
import { maskEmail, maskPiiInText } from "./mask-pii"
import { errorFromNetworkFailure } from "./network-error"
import { readRateLimitHeaders } from "./read-rate-limit-headers"
import type { RequestBudget, RequestPriority } from "./request-budget"
import { errorFromResponse } from "./response-error"
import { computeRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS } from "./retry-policy"
import {
  contactEmailLookupSchema,
  createBatchRequestSchema,
  createContactRequestSchema,
  listContactsQuerySchema,
  omnisendIdSchema,
  patchContactRequestSchema,
} from "./schemas"
import type {
  AccountResponse,
  BatchItem,
  BatchResponse,
  ContactListPage,
  ContactResponse,
  CreateBatchRequest,
  CreateContactRequest,
  ListContactsQuery,
  PatchContactRequest,
} from "./schemas"

export interface OmnisendClientLogger {
  debug?(message: string): void
  info?(message: string): void
  warn(message: string): void
}

export interface OmnisendClientOptions {
  apiKey: string
  /** Defaults to the adapter's URL ("https://api.omnisend.com/v3" for v3). */
  apiUrl?: string
  /** Deadline of one attempt; Omnisend suggests 10 s. */
  timeoutMs?: number
  /** Retries after the first attempt for 429, 408, 5xx, timeouts and connection failures. */
  maxRetries?: number
  baseDelayMs?: number
  /** Cap of the backoff. A 429 announcing a longer wait is thrown at once for the caller to reschedule. */
  maxDelayMs?: number
  adapter?: OmnisendApiAdapter
  /** Omnisend's request budget, shared by every client of the account; every attempt takes from it. */
  budget?: RequestBudget
  /** Default "live"; background work (backfill, polling jobs) yields to live changes. */
  priority?: RequestPriority
  /**
   * The longest an attempt waits for the budget before the call fails as rate limited (retried
   * later by the caller). Default 20 s for live requests, no limit for background ones.
   */
  budgetMaxWaitMs?: number
  logger?: OmnisendClientLogger
  sleep?: (ms: number) => Promise<void>
  /** Returns a number in [0, 1) for retry jitter. */
  random?: () => number
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RETRIES = 3
const DEFAULT_BASE_DELAY_MS = 500
/**
 * A live change waits at most this long for the shared budget: a sync holds its customer's lease
 * meanwhile, and the durable retry sends a change that could not go now.
 */
export const DEFAULT_LIVE_BUDGET_MAX_WAIT_MS = 20_000

const OPERATIONS = {
  createContact: "creating a contact",
  patchContact: "updating a contact",
  getContact: "reading a contact",
  findContactByEmail: "looking up a contact by email",
  listContacts: "listing contacts",
  createBatch: "creating a batch",
  getBatch: "reading a batch",
  getBatchItems: "reading the items of a batch",
  listContactBatches: "listing batches",
  getAccount: "reading the Omnisend account",
} as const

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || !text.trim()) {
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function lowerCaseHeaders(headers: AxiosResponse["headers"]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(", ") : String(value),
    ])
  )
}

/** Method and path as they may appear in a log line: query values (emails) masked. */
function logTarget({ method, path }: { method: string; path: string }): string {
  const [pathname, query] = path.split("?", 2)
  if (!query) {
    return `${method} ${pathname}`
  }
  const masked = query
    .split("&")
    .map((pair) => {
      const [name, value = ""] = pair.split("=", 2)
      const decoded = decodeURIComponent(value)
      // maskPiiInText wants a TLD; an email query value is masked even without one.
      return `${name}=${decoded.includes("@") ? maskEmail(decoded) : maskPiiInText(decoded)}`
    })
    .join("&")
  return `${method} ${pathname}?${masked}`
}

/**
 * The only code that speaks HTTP to Omnisend. Validates every request before sending it,
 * retries what is worth retrying, and turns every failure into a typed OmnisendError that is
 * safe to log and to show a merchant.
 */
export class OmnisendClient {
  readonly adapter: OmnisendApiAdapter
  // ES private fields: neither the key nor the axios instance (which holds it) shows up when the
  // client is logged, inspected or serialised.
  readonly #apiKey: string
  readonly #http: AxiosInstance
  readonly #host: string
  readonly #timeoutMs: number
  readonly #maxRetries: number
  readonly #baseDelayMs: number
  readonly #maxDelayMs: number
  readonly #budget?: RequestBudget
  readonly #priority: RequestPriority
  readonly #budgetMaxWaitMs?: number
  readonly #logger?: OmnisendClientLogger
  readonly #sleep: (ms: number) => Promise<void>
  readonly #random: () => number
  #requestCount = 0
  #bytesSent = 0

  constructor(options: OmnisendClientOptions) {
    this.adapter = options.adapter ?? new OmnisendV3Adapter()
    // Pasted keys often carry a stray space or newline; a newline would even break the header.
    this.#apiKey = options.apiKey.trim()
    if (!this.#apiKey) {
      throw new OmnisendAuthError({ reason: "missing_key" })
    }
    const apiUrl = options.apiUrl ?? this.adapter.defaultApiUrl
    this.#host = new URL(apiUrl).origin
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.#maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES))
    this.#baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS
    this.#budget = options.budget
    this.#priority = options.priority ?? "live"
    this.#budgetMaxWaitMs =
      options.budgetMaxWaitMs ?? (this.#priority === "live" ? DEFAULT_LIVE_BUDGET_MAX_WAIT_MS : undefined)
    this.#logger = options.logger
    this.#sleep = options.sleep ?? defaultSleep
    this.#random = options.random ?? Math.random
    this.#http = axios.create({
      baseURL: apiUrl,
      timeout: this.#timeoutMs,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        ...this.adapter.authHeaders(this.#apiKey),
      },
      // Every status is mapped here, bodies are parsed here, and the key header never follows a
      // redirect or an absolute URL to another host.
      validateStatus: () => true,
      responseType: "text",
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      allowAbsoluteUrls: false,
      transitional: { clarifyTimeoutError: true },
    })
  }

  /** HTTP attempts made so far, retries included. */
  get requestCount(): number {
    return this.#requestCount
  }

  /** Request body bytes sent so far, retries included. */
  get bytesSent(): number {
    return this.#bytesSent
  }

  /** Creates a contact, or updates the contact that already has this email (Omnisend upserts by email). */
  async createContact(body: CreateContactRequest): Promise<ContactResponse> {
    const operation = OPERATIONS.createContact
    const request = this.#validate(createContactRequestSchema, body, operation)
    return this.#send(operation, this.adapter.createContact(request))
  }

  /** Sends only the fields to change; the email identifier itself cannot be changed. */
  async patchContact(contactId: string, body: PatchContactRequest): Promise<ContactResponse> {
    const operation = OPERATIONS.patchContact
    const id = this.#validate(omnisendIdSchema, contactId, operation)
    const request = this.#validate(patchContactRequestSchema, body, operation)
    return this.#send(operation, this.adapter.patchContact(id, request))
  }

  /** The whole contact, with the identifiers Omnisend holds for it. */
  async getContact(contactId: string): Promise<ContactResponse> {
    const operation = OPERATIONS.getContact
    const id = this.#validate(omnisendIdSchema, contactId, operation)
    return this.#send(operation, this.adapter.getContact(id))
  }

  /** Null when Omnisend has no contact with this email. */
  async findContactByEmail(email: string): Promise<ContactResponse | null> {
    const operation = OPERATIONS.findContactByEmail
    const address = this.#validate(contactEmailLookupSchema, email, operation)
    return this.#send(operation, this.adapter.findContactByEmail(address))
  }

  /** One page of contacts with the given email status; pass `nextCursor` back for the next page. */
  async listContacts(query: ListContactsQuery): Promise<ContactListPage> {
    const operation = OPERATIONS.listContacts
    const request = this.#validate(listContactsQuerySchema, query, operation)
    return this.#send(operation, this.adapter.listContacts(request))
  }

  /**
   * Queues contacts for asynchronous processing; poll getBatch until it is finished or stopped.
   * Holds at most `adapter.maxBatchItems` items and `adapter.maxBatchBodyBytes` bytes.
   */
  async createBatch(body: CreateBatchRequest): Promise<BatchResponse> {
    const operation = OPERATIONS.createBatch
    const { maxBatchItems, maxBatchBodyBytes } = this.adapter
    const request = this.#validate(
      createBatchRequestSchema.refine((batch) => batch.items.length <= maxBatchItems, {
        message: `Omnisend API ${this.adapter.version} accepts at most ${maxBatchItems} items per batch`,
        path: ["items"],
      }),
      body,
      operation
    )
    // Serialised once, measured, and sent as measured: a batch body is up to a megabyte.
    const payload = JSON.stringify(request)
    if (Buffer.byteLength(payload) > maxBatchBodyBytes) {
      throw new OmnisendRequestValidationError({
        operation,
        issues: [`items: a batch body must stay under ${maxBatchBodyBytes} bytes: split it`],
      })
    }
    return this.#send(operation, this.adapter.createBatch(request), payload)
  }

  async getBatch(batchId: string): Promise<BatchResponse> {
    const operation = OPERATIONS.getBatch
    const id = this.#validate(omnisendIdSchema, batchId, operation)
    return this.#send(operation, this.adapter.getBatch(id))
  }

  /**
   * Per-item results of a batch, failed and succeeded alike, in no particular order: match them by
   * the request each one echoes. Items answered 403, 408, 429 or 503 are worth sending again.
   */
  async getBatchItems(batchId: string): Promise<BatchItem[]> {
    const operation = OPERATIONS.getBatchItems
    const id = this.#validate(omnisendIdSchema, batchId, operation)
    return this.#send(operation, this.adapter.getBatchItems(id))
  }

  /** Recent contact batches with their status: one call follows many batches. */
  async listContactBatches(query: ListBatchesQuery): Promise<BatchResponse[]> {
    return this.#send(OPERATIONS.listContactBatches, this.adapter.listContactBatches(query))
  }

  /** A cheap authenticated call: the way to test an API key. */
  async getAccount(): Promise<AccountResponse> {
    return this.#send(OPERATIONS.getAccount, this.adapter.getAccount())
  }

  #validate<T>(schema: z.ZodType<T>, value: unknown, operation: string): T {
    const result = schema.safeParse(value)
    if (!result.success) {
      throw new OmnisendRequestValidationError({ operation, issues: formatZodIssues(result.error) })
    }
    return result.data
  }

  async #send<T>(
    operation: string,
    request: OmnisendHttpRequest<T>,
    payload: string | undefined = request.body === undefined ? undefined : JSON.stringify(request.body)
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(operation, request, payload)
      } catch (error) {
        if (!(error instanceof OmnisendError)) {
          throw error
        }
        // Blocking a worker for longer than the backoff cap helps nobody: the caller reschedules.
        const waitsTooLong =
          error instanceof OmnisendRateLimitError &&
          ((error.retryAfterMs ?? 0) > this.#maxDelayMs || error.budgetWaitMs !== undefined)
        if (!error.retryable || attempt > this.#maxRetries || waitsTooLong) {
          error.attempts = attempt
          throw error
        }
        const delayMs = computeRetryDelayMs(attempt, error, {
          baseDelayMs: this.#baseDelayMs,
          maxDelayMs: this.#maxDelayMs,
          random: this.#random,
        })
        const outcome =
          error instanceof OmnisendUnavailableError && error.status === undefined
            ? `failed (${error.reason})`
            : `answered ${error.status}`
        this.#logger?.warn(
          `Omnisend ${logTarget(request)} ${outcome}; retry ${attempt} of ${this.#maxRetries} in ${delayMs} ms`
        )
        await this.#sleep(delayMs)
      }
    }
  }

  async #attempt<T>(operation: string, request: OmnisendHttpRequest<T>, payload?: string): Promise<T> {
    if (this.#budget && !(await this.#budget.take(this.#priority, this.#budgetMaxWaitMs))) {
      throw new OmnisendRateLimitError({ operation, budgetWaitMs: this.#budgetMaxWaitMs })
    }
    this.#requestCount++
    this.#bytesSent += payload === undefined ? 0 : Buffer.byteLength(payload)
    const startedAt = Date.now()
    const response = await this.#exchange(operation, request, payload)
    const { status } = response
    const elapsedMs = Date.now() - startedAt
    this.#logger?.debug?.(`Omnisend ${logTarget(request)} answered ${status} in ${elapsedMs} ms`)
    const body = parseBody(response.data)
    const headers = lowerCaseHeaders(response.headers)
    const rateLimit = readRateLimitHeaders(headers)
    if (rateLimit) {
      this.#budget?.observe(rateLimit)
    }
    if (status < 200 || status >= 300) {
      throw this.#errorFor(operation, request, { status, headers, body })
    }
    const result = request.responseSchema.safeParse(body)
    if (!result.success) {
      throw new OmnisendResponseValidationError({ operation, status, issues: formatZodIssues(result.error) })
    }
    return result.data
  }

  /** One HTTP exchange; a request that got no answer becomes an OmnisendUnavailableError. */
  async #exchange<T>(
    operation: string,
    request: OmnisendHttpRequest<T>,
    payload?: string
  ): Promise<AxiosResponse<string>> {
    // Axios' own timeout only watches socket inactivity; this bounds the whole attempt.
    const deadline = AbortSignal.timeout(this.#timeoutMs)
    try {
      return await this.#http.request({
        method: request.method,
        url: request.path,
        data: payload,
        signal: deadline,
      })
    } catch (failure) {
      throw (
        errorFromNetworkFailure(failure, {
          operation,
          host: this.#host,
          timeoutMs: this.#timeoutMs,
          timedOut: deadline.aborted,
        }) ?? failure
      )
    }
  }

  #errorFor<T>(
    operation: string,
    request: OmnisendHttpRequest<T>,
    response: OmnisendErrorResponse
  ): OmnisendError {
    const details = this.adapter.readError(response, Date.now())
    // Omnisend's text is echoed into messages: make sure it never carries the key back.
    const redact = (text: string): string => text.split(this.#apiKey).join("[api key]")
    return errorFromResponse({
      operation,
      status: response.status,
      details: {
        ...details,
        text: details.text === undefined ? undefined : redact(details.text),
        fields: Object.fromEntries(
          Object.entries(details.fields).map(([key, messages]) => [key, messages.map(redact)])
        ),
      },
      resource: request.resource,
      apiVersion: this.adapter.version,
      checksKey: request.checksKey,
    })
  }
}
