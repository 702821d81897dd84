/**
 * Public types of the Omnisend v3 emulator. Tests, the demo and benchmarks are written against
 * these, so they change only together with their users.
 */

export interface OmnisendEmulatorOptions {
  /** Default 0: a random free port. */
  port?: number
  /** Default "127.0.0.1". */
  host?: string
  /** Keys answered normally; default ["emulator-api-key"]. */
  apiKeys?: string[]
  /** Keys answered 403 on every call (the key lacks access); default []. */
  forbiddenApiKeys?: string[]
  /** Fixed window shared by all requests; default null (off). */
  rateLimit?: RateLimitOptions | null
  faults?: FaultOptions
  batch?: BatchOptions
  /**
   * What PATCH /contacts/{id} does with `tags` and `customProperties`: Omnisend does not say.
   * Default { tags: "append", customProperties: "merge" }, the pessimistic choice for a plugin
   * (nothing it leaves out goes away). patchSemanticsFromEnv() reads it from the environment.
   */
  patchSemantics?: PatchSemantics
  /** Default 1_000_000 (1 MB); larger bodies are refused with 413. */
  maxBodyBytes?: number
  /** Default Math.random; inject it for deterministic fault rates. */
  random?: () => number
  /**
   * Default true. False keeps request bodies out of the request log (its `body` is then null), so
   * a benchmark sending a million contacts does not hold them all in memory twice.
   */
  recordBodies?: boolean
}

export interface RateLimitOptions {
  limit: number
  windowMs: number
}

export interface BatchOptions {
  /** Asynchronous processing cadence; default 20. */
  tickMs?: number
  /** A batch whose failed items exceed this becomes "stopped" (default: never). */
  stopAfterErrors?: number
  /**
   * Default true: a finished batch lists `errors` and `responses` each in a shuffled order (from the
   * `random` option) in which no entry sits at its request position, so a client must match results
   * by the echoed request.
   */
  shuffleResults?: boolean
  /** Default true. False answers GET /batches 404, like an API without the batch list. */
  listEndpoint?: boolean
}

export interface PatchSemantics {
  tags?: "replace" | "append"
  customProperties?: "replace" | "merge"
}

/** The statuses a batch item can fail with and be worth sending again. */
export type TransientItemFailureStatus = 403 | 408 | 429 | 503

export interface FaultOptions {
  /** 0..1 share of requests answered 503 {"error":"Service unavailable"}. */
  unavailableRate?: number
  /** Delay before every response (lets tests trigger client timeouts). */
  latencyMs?: number
  /** 0..1 share of batch items that fail with batchItemFailureStatus (transient, worth retrying). */
  batchItemFailureRate?: number
  /** Default 503. */
  batchItemFailureStatus?: TransientItemFailureStatus
  /** Batch items whose email identifier is listed fail with this status, every time. */
  failBatchItemsFor?: { emails: string[]; status: number }
  /**
   * Keys answered 401 as if unknown, like a key deleted in Omnisend's settings; configure the
   * faults without them to accept them again.
   */
  revokedApiKeys?: string[]
}

export interface CannedResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type ConfigurableOptions = Partial<
  Pick<OmnisendEmulatorOptions, "rateLimit" | "faults" | "batch" | "maxBodyBytes" | "patchSemantics">
>

export interface OmnisendEmulator {
  /** Base URL including the version, e.g. "http://127.0.0.1:54321/v3". */
  url: string
  /** e.g. "http://127.0.0.1:54321". */
  origin: string
  /** The first of apiKeys. */
  apiKey: string
  port: number
  state: EmulatorState
  /** Each given option group replaces the current one (e.g. `faults: {}` turns every fault off). */
  configure(options: ConfigurableOptions): void
  /** Canned responses served, in order, to the next authenticated requests before normal handling. */
  failNext(...responses: CannedResponse[]): void
  /** Answers every authenticated request 403 for this long, like Omnisend blocking a key after many errors. */
  blockFor(ms: number): void
  /** Resolves when no batch is pending or inProgress. */
  waitForBatches(): Promise<void>
  /**
   * Makes every batch received so far behave as if its 7 days had passed: 404 on GET /batches/{id}
   * and /items, absent from GET /batches. Unfinished ones are still processed.
   */
  expireBatches(): void
  /** Clears all data and queues, and restores the options given to startOmnisendEmulator. */
  reset(): void
  stop(): Promise<void>
}

export interface EmulatorState {
  contacts(): EmulatedContact[]
  /** Exact (case-sensitive) match, like Omnisend. */
  contactByEmail(email: string): EmulatedContact | undefined
  contactById(id: string): EmulatedContact | undefined
  /** Every batch received, expired ones included. */
  batches(): EmulatedBatch[]
  /** Every request received, in order. */
  requests(): RecordedRequest[]
  clearRequests(): void
  /** Inserts as if POST /contacts was called; throws on an invalid body. */
  seedContact(body: unknown): EmulatedContact
  /**
   * What a marketing sync must never do by accident, for suite-wide checks: each re-subscription of
   * an unsubscribed channel and each welcome message asked for, in order. Emptied by reset().
   */
  consentAudit(): ConsentAuditEvent[]
}

export type ConsentAuditEvent =
  | { kind: "resubscribed"; channel: Channel; id: string; unsubscribedAt: string; subscribedAt: string }
  | { kind: "welcome"; email: string; contactExisted: boolean; subscribed: boolean; via: "POST" | "PATCH" }

export type ChannelStatus = "subscribed" | "unsubscribed" | "nonSubscribed"

export type IdentifierType = "email" | "phone"

export interface ChannelState {
  status: ChannelStatus
  statusDate: string
}

export interface ContactIdentifier {
  type: IdentifierType
  id: string
  channels: { email?: ChannelState; sms?: ChannelState }
}

export type Channel = "email" | "sms"

export interface ChannelOptIn {
  channel: Channel
  date: string
}

export interface IgnoredIdentifier {
  type: IdentifierType
  id: string
  reason: string
}

export type CustomPropertyValue = string | number | boolean | string[]

export interface EmulatedContact {
  /** 24 lowercase hex chars. */
  contactID: string
  email?: string
  phone?: string
  identifiers: ContactIdentifier[]
  firstName?: string
  lastName?: string
  country?: string
  countryCode?: string
  state?: string
  city?: string
  address?: string
  postalCode?: string
  gender?: "m" | "f"
  birthdate?: string
  tags: string[]
  customProperties: Record<string, CustomPropertyValue>
  /** Each channel the contact was ever subscribed to, with the date it first was. */
  optIns: ChannelOptIn[]
  /** Like Omnisend's: UTC, whole seconds ("2024-05-09T16:25:02Z"). */
  createdAt: string
  updatedAt: string
  /** Identifiers Omnisend ignored because another contact owns them (or PATCH may not change them). */
  ignoredIdentifiers: IgnoredIdentifier[]
}

export type BatchStatus = "pending" | "inProgress" | "finished" | "stopped"

export interface EmulatedBatch {
  batchID: string
  method: string
  endpoint: string
  status: BatchStatus
  totalCount: number
  finishedCount: number
  errorsCount: number
  createdAt: string
  startedAt?: string
  endedAt?: string
  items: BatchItemResult[]
}

export interface BatchItemResult {
  /** "1", "2", ... in request order. */
  itemID: string
  request: unknown
  responseCode: number | null
  /** As GET /batches/{id}/items answers it; null until processed. */
  response: unknown
  status: "pending" | "finished" | "failed" | "skipped"
}

/** Never holds the API key. */
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  status: number
  bodyBytes: number
  /** The parsed JSON body; null when there was none or the emulator runs with recordBodies: false. */
  body: unknown
  at: string
}
