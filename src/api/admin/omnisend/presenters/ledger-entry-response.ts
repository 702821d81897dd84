import type { InferTypeOf } from "@medusajs/framework/types"
import type { ContactSnapshot, MappingWarning } from "../../../../mapping"
import { maskEmail, maskPhone } from "../../../../modules/omnisend/client"
import type SyncLedgerEntry from "../../../../modules/omnisend/models/sync-ledger-entry"

type LedgerEntry = InferTypeOf<typeof SyncLedgerEntry>
type PreviousContact = { contact_id: string; email: string | null; replaced_at: string }

// A backfill reads a batch's per-item results only when an item failed (reading them costs a call
// per batch), and Omnisend names contact ids nowhere else.
const CONTACT_ID_FROM_BATCH =
  "In Omnisend, created through a batch: Omnisend names contact ids only for batch items that " +
  "failed, so the id is recorded at this customer's next sync."

/** One customer's sync state for the admin, emails and phones masked. */
export function ledgerEntryResponse(entry: LedgerEntry) {
  const sent = entry.last_sent as unknown as ContactSnapshot | null
  const previous = (entry.previous_contacts as unknown as PreviousContact[] | null) ?? []
  return {
    customer_id: entry.customer_id,
    state: entry.state,
    contact_id: entry.contact_id,
    /** Why a synced customer has no contact id yet; null when it has one or is not synced. */
    contact_id_note: entry.state === "synced" && !entry.contact_id ? CONTACT_ID_FROM_BATCH : null,
    email: entry.email ? maskEmail(entry.email) : null,
    /** Channel statuses as last sent to Omnisend. */
    email_status: sent?.email.status ?? null,
    phone: sent?.phone ? maskPhone(sent.phone.id) : null,
    sms_status: sent?.phone?.status ?? null,
    last_synced_at: entry.last_synced_at,
    last_attempt_at: entry.last_attempt_at,
    attempts: entry.attempts,
    last_error: entry.last_error,
    last_error_code: entry.last_error_code,
    warnings: (entry.warnings as unknown as MappingWarning[] | null) ?? [],
    customer_deleted_at: entry.customer_deleted_at,
    /** A change Omnisend has not taken yet, and when it is tried (again); null when none. */
    sync_requested_at: entry.sync_requested_at,
    next_attempt_at: entry.next_attempt_at,
    previous_contacts: previous.map((contact) => ({
      contact_id: contact.contact_id,
      email: contact.email ? maskEmail(contact.email) : null,
      replaced_at: contact.replaced_at,
    })),
  }
}

/**
 * A failed sync in the status page's list, or one still being retried (`retrying`, with when);
 * `customerEmail` stands in when the customer never synced.
 */
export function ledgerFailureResponse(entry: LedgerEntry, customerEmail: string | null) {
  const email = entry.email ?? customerEmail
  return {
    customer_id: entry.customer_id,
    email: email ? maskEmail(email) : null,
    error_code: entry.last_error_code,
    error_message: entry.last_error,
    attempts: entry.attempts,
    last_attempt_at: entry.last_attempt_at,
    retrying: entry.state === "pending",
    next_attempt_at: entry.state === "pending" ? entry.next_attempt_at : null,
  }
}
