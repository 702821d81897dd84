import { findIgnoredIdentifiers, MEDUSA_CUSTOMER_ID_PROPERTY, type MappingWarning } from "../../mapping"
import {
  contactResponseSchema,
  OmnisendResponseValidationError,
  type BatchItem,
  type ContactIdentifier,
  type OmnisendApiAdapter,
  type OmnisendError,
} from "../../modules/omnisend/client"
import { formatZodIssues } from "../../modules/omnisend/client/format-zod-issues"
import { errorFromResponse } from "../../modules/omnisend/client/response-error"

/** A customer whose ledger row still waits for this batch. */
export interface BatchMember {
  customer_id: string
  email: string | null
}

export interface BatchItemResults {
  succeeded: Array<{ customer_id: string; contact_id: string | null; warnings: MappingWarning[] }>
  failed: Array<{ customer_id: string; error: OmnisendError }>
  /** Members Omnisend did not process: the batch stopped first, or the item is missing. */
  unprocessed: string[]
  /** Items naming no member: the customer was re-sent since, or the item is not ours. */
  unmatched: number
}

const OPERATION = "creating a contact in a batch"

type ItemRequest = { identifiers?: ContactIdentifier[]; customProperties?: Record<string, unknown> }

function asRequest(request: unknown): ItemRequest {
  return request !== null && typeof request === "object" ? (request as ItemRequest) : {}
}

function emailOf(request: ItemRequest): string | undefined {
  return request.identifiers?.find((identifier) => identifier?.type === "email")?.id
}

/**
 * Reads Omnisend's per-item results of a batch back onto the customers it carried: by the
 * `medusa_customer_id` custom property every contact is sent with, else by email. Failures become
 * the same typed errors the client throws, so "retryable" means the same everywhere (403 on data, 408, 429, 5xx).
 */
export function classifyBatchItems(
  items: BatchItem[],
  members: BatchMember[],
  adapter: Pick<OmnisendApiAdapter, "readError" | "version">,
  now: Date
): BatchItemResults {
  const byId = new Set(members.map((member) => member.customer_id))
  const byEmail = new Map(members.filter((member) => member.email).map((member) => [member.email!, member.customer_id]))
  const decided = new Set<string>()
  const results: BatchItemResults = { succeeded: [], failed: [], unprocessed: [], unmatched: 0 }

  for (const item of items) {
    const request = asRequest(item.request)
    const property = request.customProperties?.[MEDUSA_CUSTOMER_ID_PROPERTY]
    const email = emailOf(request)
    const customerId =
      typeof property === "string" && byId.has(property) ? property : email === undefined ? undefined : byEmail.get(email)
    if (customerId === undefined || decided.has(customerId)) {
      results.unmatched++
      continue
    }
    const status = item.responseCode
    if (status === null || status === undefined || item.status === "pending" || item.status === "skipped") {
      continue
    }
    decided.add(customerId)
    if (status >= 200 && status < 300) {
      const contact = contactResponseSchema.safeParse(item.response)
      if (contact.success) {
        results.succeeded.push({
          customer_id: customerId,
          contact_id: contact.data.contactID,
          warnings: findIgnoredIdentifiers(request.identifiers, contact.data),
        })
      } else {
        const error = new OmnisendResponseValidationError({ operation: OPERATION, status, issues: formatZodIssues(contact.error) })
        results.failed.push({ customer_id: customerId, error })
      }
      continue
    }
    const details = adapter.readError({ status, headers: {}, body: item.response }, now.getTime())
    results.failed.push({
      customer_id: customerId,
      error: errorFromResponse({ operation: OPERATION, status, details, apiVersion: adapter.version }),
    })
  }

  results.unprocessed = members.map((member) => member.customer_id).filter((id) => !decided.has(id))
  return results
}
