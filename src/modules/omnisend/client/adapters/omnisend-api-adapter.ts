import type { z } from "@medusajs/framework/zod"
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
} from "../schemas"

export type OmnisendHttpMethod = "GET" | "POST" | "PATCH"

export interface ListBatchesQuery {
  /** Newest batches first; the adapter caps it at what one call may list. */
  limit: number
  /** YYYY-MM-DD: only batches created since that day. */
  dateFrom?: string
}

/** One HTTP call as a version of the API wants it, plus how to read its successful answer. */
export interface OmnisendHttpRequest<T> {
  method: OmnisendHttpMethod
  /** Relative to the API URL, already URL-encoded; may carry a query string. */
  path: string
  body?: unknown
  /** Turns a 2xx body into the client's shape (and rejects shapes it does not understand). */
  responseSchema: z.ZodType<T>
  /** What a 404 means here, in a merchant's words ("contact 64ab..."). */
  resource?: string
  /** The call exists to check the key: a 403 then means the key lacks access, not a passing block. */
  checksKey?: boolean
}

export interface OmnisendErrorResponse {
  status: number
  /** Lower-cased header names. */
  headers: Record<string, string>
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown
}

/** What a version's error body says, before masking (the client and the errors mask it). */
export interface OmnisendErrorDetails {
  text?: string
  /** Complaints keyed by item index ("0" for a single contact). */
  fields: Record<string, string[]>
  /** Only for 429: how long the API asked us to wait. */
  retryAfterMs?: number
}

/**
 * Everything that differs between Omnisend API versions: URL, auth, paths, body shapes and
 * error bodies. The client and everything above it only speak this interface, so a new version
 * (e.g. 2026-03-15) is one more adapter.
 */
export interface OmnisendApiAdapter {
  /** Shown to merchants, e.g. in the "version retired" error. */
  readonly version: string
  readonly defaultApiUrl: string
  /** Items one batch may hold; callers split larger sets. */
  readonly maxBatchItems: number
  /** Largest batch body we send, in bytes (UTF-8 JSON). */
  readonly maxBatchBodyBytes: number
  /** Batches one list call may answer. */
  readonly maxListedBatches: number
  /** Contacts one list call may answer. */
  readonly maxListedContacts: number

  authHeaders(apiKey: string): Record<string, string>

  createContact(body: CreateContactRequest): OmnisendHttpRequest<ContactResponse>
  patchContact(contactId: string, body: PatchContactRequest): OmnisendHttpRequest<ContactResponse>
  getContact(contactId: string): OmnisendHttpRequest<ContactResponse>
  /** Answers null when no contact has this email. */
  findContactByEmail(email: string): OmnisendHttpRequest<ContactResponse | null>
  /** One page of the contacts whose email status is `query.status`, and where the next page starts. */
  listContacts(query: ListContactsQuery): OmnisendHttpRequest<ContactListPage>
  createBatch(body: CreateBatchRequest): OmnisendHttpRequest<BatchResponse>
  getBatch(batchId: string): OmnisendHttpRequest<BatchResponse>
  /** Every item's result (failed and succeeded alike), each echoing the request it answers. */
  getBatchItems(batchId: string): OmnisendHttpRequest<BatchItem[]>
  /** The status of recent contact batches, many per call. */
  listContactBatches(query: ListBatchesQuery): OmnisendHttpRequest<BatchResponse[]>
  getAccount(): OmnisendHttpRequest<AccountResponse>

  readError(response: OmnisendErrorResponse, nowMs: number): OmnisendErrorDetails
}
