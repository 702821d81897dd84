import { parseRetryAfterMs } from "../parse-retry-after"
import {
  accountResponseSchema,
  batchItemsResponseSchema,
  batchListResponseSchema,
  batchResponseSchema,
  contactListPageResponseSchema,
  contactListResponseSchema,
  contactResponseSchema,
  errorBodySchema,
} from "../schemas"
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
import type {
  ListBatchesQuery,
  OmnisendApiAdapter,
  OmnisendErrorDetails,
  OmnisendErrorResponse,
  OmnisendHttpRequest,
} from "./omnisend-api-adapter"

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

// An HTML error page from a proxy says nothing a merchant can act on.
function plainText(body: unknown): string | undefined {
  return typeof body === "string" && body.trim() && !body.trimStart().startsWith("<")
    ? body
    : undefined
}

/** Omnisend API v3, the version Omnisend's "sync contacts" guide is written for. */
export class OmnisendV3Adapter implements OmnisendApiAdapter {
  readonly version: string = "v3"
  readonly defaultApiUrl: string = "https://api.omnisend.com/v3"
  readonly maxBatchItems: number = 1000
  // Omnisend's guide: keep a batch body under 1 MB.
  readonly maxBatchBodyBytes: number = 1_000_000
  // GET /batches lists at most 250 per call.
  readonly maxListedBatches: number = 250
  // GET /contacts lists at most 250 per call.
  readonly maxListedContacts: number = 250

  authHeaders(apiKey: string): Record<string, string> {
    return { "X-API-KEY": apiKey }
  }

  createContact(body: CreateContactRequest): OmnisendHttpRequest<ContactResponse> {
    return { method: "POST", path: "/contacts", body, responseSchema: contactResponseSchema }
  }

  patchContact(contactId: string, body: PatchContactRequest): OmnisendHttpRequest<ContactResponse> {
    return {
      method: "PATCH",
      path: `/contacts/${encodeURIComponent(contactId)}`,
      body,
      responseSchema: contactResponseSchema,
      resource: `contact ${contactId}`,
    }
  }

  getContact(contactId: string): OmnisendHttpRequest<ContactResponse> {
    return {
      method: "GET",
      path: `/contacts/${encodeURIComponent(contactId)}`,
      responseSchema: contactResponseSchema,
      resource: `contact ${contactId}`,
    }
  }

  findContactByEmail(email: string): OmnisendHttpRequest<ContactResponse | null> {
    return {
      method: "GET",
      // encodeURIComponent turns "+" into %2B; a raw "+" would be read as a space.
      path: `/contacts?email=${encodeURIComponent(email)}`,
      responseSchema: contactListResponseSchema.transform((list) => list.contacts[0] ?? null),
    }
  }

  /**
   * v3 answers `paging.next` as a full URL; only its query is kept as the cursor and sent to our
   * own API URL, so the key never follows a URL Omnisend handed us. Status and limit are ours.
   */
  listContacts({ status, limit, cursor }: ListContactsQuery): OmnisendHttpRequest<ContactListPage> {
    const query = new URLSearchParams(cursor)
    query.set("status", status)
    query.set("limit", String(Math.min(limit, this.maxListedContacts)))
    return {
      method: "GET",
      path: `/contacts?${query}`,
      responseSchema: contactListPageResponseSchema.transform((answer) => ({
        contacts: answer.contacts,
        nextCursor: answer.paging?.next ?? null,
      })),
    }
  }

  createBatch(body: CreateBatchRequest): OmnisendHttpRequest<BatchResponse> {
    return { method: "POST", path: "/batches", body, responseSchema: batchResponseSchema }
  }

  getBatch(batchId: string): OmnisendHttpRequest<BatchResponse> {
    return {
      method: "GET",
      path: `/batches/${encodeURIComponent(batchId)}`,
      responseSchema: batchResponseSchema,
      resource: `batch ${batchId}`,
    }
  }

  /** Failed items come in `errors`, succeeded ones in `responses`, the whole batch in one answer. */
  getBatchItems(batchId: string): OmnisendHttpRequest<BatchItem[]> {
    return {
      method: "GET",
      path: `/batches/${encodeURIComponent(batchId)}/items`,
      responseSchema: batchItemsResponseSchema.transform((answer) => [...answer.errors, ...answer.responses]),
      resource: `batch ${batchId}`,
    }
  }

  listContactBatches({ limit, dateFrom }: ListBatchesQuery): OmnisendHttpRequest<BatchResponse[]> {
    const query = new URLSearchParams({ endpoint: "contacts", limit: String(Math.min(limit, this.maxListedBatches)) })
    if (dateFrom) {
      query.set("dateFrom", dateFrom)
    }
    return {
      method: "GET",
      path: `/batches?${query}`,
      responseSchema: batchListResponseSchema.transform((answer) => answer.batches),
    }
  }

  getAccount(): OmnisendHttpRequest<AccountResponse> {
    return { method: "GET", path: "/accounts", responseSchema: accountResponseSchema, checksKey: true }
  }

  /** v3 error bodies look like `{"error": "...", "fields": {"0": ["..."]}}`. */
  readError({ status, headers, body }: OmnisendErrorResponse, nowMs: number): OmnisendErrorDetails {
    const parsed = errorBodySchema.safeParse(body)
    const text = parsed.success
      ? parsed.data.error
      : isRecord(body) && typeof body.error === "string"
        ? body.error
        : plainText(body)
    const retryAfterMs =
      status === 429
        ? parseRetryAfterMs(
            {
              retryAfterHeader: headers["retry-after"],
              rateLimitResetHeader: headers["x-rate-limit-reset"],
              retryAfterBody: isRecord(body) ? body.retryAfter : undefined,
            },
            nowMs
          )
        : undefined
    return { text, fields: parsed.success ? (parsed.data.fields ?? {}) : {}, retryAfterMs }
  }
}
