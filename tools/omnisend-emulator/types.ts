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
  /** Keys answered 403 (no permission / blocked); default []. */
  forbiddenApiKeys?: string[]
  /** Fixed window shared by all requests; default null (off). */
  rateLimit?: RateLimitOptions | null
  faults?: FaultOptions
  /**
   * Asynchronous processing cadence (default tickMs 20). A batch whose failed items exceed
   * stopAfterErrors (default: never) becomes "stopped" and its remaining items stay unprocessed.
   */
  batch?: BatchOptions
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
  tickMs?: number
  stopAfterErrors?: number
}

export interface FaultOptions {
  /** 0..1 share of requests answered 503 {"error":"Service unavailable"}. */
  unavailableRate?: number
  /** Delay before every response (lets tests trigger client timeouts). */
  latencyMs?: number
  /** 0..1 share of batch items that fail with responseCode 503 (transient, worth retrying). */
  batchItemFailureRate?: number
}

export interface CannedResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type ConfigurableOptions = Partial<
  Pick<OmnisendEmulatorOptions, "rateLimit" | "faults" | "batch" | "maxBodyBytes">
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
  /** Resolves when no batch is pending or inProgress. */
  waitForBatches(): Promise<void>
  /** Clears all data and queues, and restores the options given to startOmnisendEmulator. */
  reset(): void
  stop(): Promise<void>
}

export interface EmulatorState {
  contacts(): EmulatedContact[]
  /** Exact (case-sensitive) match, like Omnisend. */
  contactByEmail(email: string): EmulatedContact | undefined
  contactById(id: string): EmulatedContact | undefined
  batches(): EmulatedBatch[]
  /** Every request received, in order. */
  requests(): RecordedRequest[]
  clearRequests(): void
  /** Inserts as if POST /contacts was called; throws on an invalid body. */
  seedContact(body: unknown): EmulatedContact
}

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
  itemID: string
  request: unknown
  responseCode: number | null
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
