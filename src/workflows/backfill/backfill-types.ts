import type { ContactSnapshot, LedgerConsentState, MappingWarning } from "../../mapping"

/** full: every customer, as a merchant or script starts it; changed: never synced or changed since. */
export type BackfillMode = "full" | "changed"

/**
 * What a ledger row's `pending` column holds while the customer's batch is out: exactly what the
 * batch item carried, applied to the row when Omnisend reports the item done (also after a restart).
 */
export interface BackfillPendingSync {
  action: "create" | "patch"
  email: string
  snapshot: ContactSnapshot
  hash: string
  consent: LedgerConsentState
  address_id: string | null
  /** ISO date: the customer's updated_at as read for this send. */
  customer_updated_at: string
  /**
   * ISO date, taken just before the customer was read: a sync request recorded before it is carried
   * by this send, and settled with it. Absent in batches sent by an earlier version.
   */
  read_at?: string
  warnings: MappingWarning[]
  /** Set when the email changed: the contact the customer had before. */
  replaces: { contact_id: string; email: string | null } | null
}

/**
 * One entry of BackfillRun.pending_batches: a batch Omnisend accepted whose results are not in the
 * ledger yet, or (batch_id null) customers waiting to be sent again after a transient failure.
 */
export interface PendingBatchEntry {
  batch_id: string | null
  customer_ids: string[]
  /** When the batch was sent (ISO); batches of runs checkpointed before it was kept have none. */
  sent_at?: string
  /** How many times a customer was sent in this run, for those sent more than once. */
  attempts?: Record<string, number>
}

/** Counts of a run, by outcome; in a dry run, what would happen. Reasons are grouped and counted. */
export interface BackfillReport {
  created: number
  updated: number
  /** Customers whose contact already matches: nothing to send. */
  unchanged: number
  skipped: Record<string, number>
  failed: Record<string, number>
  /** Contacts sent (or that would be sent) with the channel subscribed. */
  subscribed: { email: number; sms: number }
  /** Items sent again after Omnisend answered 403, 408, 429 or 503 for them, or stopped their batch. */
  resent: number
  stopped_batches: number
  /**
   * The run stopped because Omnisend refused the API key: it continues from its cursor once the key
   * passes the connection test or a new key is saved.
   */
  waiting_for_key: boolean
}

/** The part of a BackfillRun the runner reads and checkpoints. */
export interface BackfillRunState {
  id: string
  mode: BackfillMode
  dry_run: boolean
  cursor: string | null
  total: number
  processed: number
  succeeded: number
  failed: number
  skipped: number
  batches: number
  pending_batches: PendingBatchEntry[]
  report: BackfillReport
  last_error: string | null
}
