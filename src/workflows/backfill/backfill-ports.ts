import type { LedgerConsentState, LedgerEntryView, MappingWarning } from "../../mapping"
import type { OmnisendClient } from "../../modules/omnisend/client"
import type { BackfillPendingSync, BackfillRunState } from "./backfill-types"
import type { BatchMember } from "./classify-batch-items"
import type { CustomerHead } from "./needs-backfill"
import type { BackfillCustomer } from "./plan-backfill-item"

/** The store's customers, read page by page in id order (keyset pagination), never all at once. */
export interface BackfillCustomerSource {
  count(): Promise<number>
  /** Ids and updated_at of the customers after `cursor` (null: from the start). */
  readHeadsAfter(cursor: string | null, take: number): Promise<CustomerHead[]>
  /** Full customers (addresses, groups) after `cursor`. */
  readAfter(cursor: string | null, take: number): Promise<BackfillCustomer[]>
  /** Full customers with these ids; deleted ones are left out. */
  readByIds(ids: string[]): Promise<BackfillCustomer[]>
}

export interface BackfillLedgerView extends LedgerEntryView {
  customer_updated_at: Date | null
  address_id: string | null
}

export interface SkippedLedgerRow {
  customer_id: string
  reason: string
  customer_updated_at: string
}

export interface UnchangedLedgerRow {
  customer_id: string
  customer_updated_at: string
  consent: LedgerConsentState
  address_id: string | null
}

export interface SentLedgerRow {
  customer_id: string
  /** BackfillPendingSync as JSON. */
  pending_json: string
}

export interface BatchLedgerMember extends BatchMember {
  action: BackfillPendingSync["action"]
  email_status: string | null
  sms_status: string | null
}

export interface SucceededLedgerRow {
  customer_id: string
  /** Null when the batch's items were not read (no item failed): Omnisend then names no contact ids. */
  contact_id: string | null
  /** Found in Omnisend's answer (ignored identifiers), added to the mapping's warnings. */
  warnings: MappingWarning[]
}

export interface FailedLedgerRow {
  customer_id: string
  error: string
  code: string
  /** Omnisend refused the data itself: only a change of the customer can help, so it counts as seen. */
  data_rejected: boolean
}

/** The sync ledger as a backfill writes it: one statement per page or batch, never per customer. */
export interface BackfillLedgerStore {
  readViews(customerIds: string[]): Promise<Map<string, BackfillLedgerView>>
  recordSkipped(rows: SkippedLedgerRow[], now: Date): Promise<void>
  recordUnchanged(rows: UnchangedLedgerRow[], now: Date): Promise<void>
  /** Marks the customers as carried by the batch, with what it carried. */
  recordSent(batchId: string, rows: SentLedgerRow[], now: Date): Promise<void>
  /** The customers whose rows still wait for this batch. */
  readBatchMembers(batchId: string): Promise<BatchLedgerMember[]>
  /** Applies what the batch carried (`pending`) to the rows of the customers Omnisend accepted. */
  recordSucceeded(batchId: string, rows: SucceededLedgerRow[], now: Date): Promise<void>
  recordFailed(batchId: string, rows: FailedLedgerRow[], now: Date): Promise<void>
}

/** Where a run's checkpoints go. Every save also says the run is alive (heartbeat). */
export interface BackfillRunStore {
  save(state: BackfillRunState): Promise<void>
  finish(state: BackfillRunState, status: "completed" | "failed"): Promise<void>
  /** Removes a scheduled run that found nothing to do, so that the last meaningful run stays visible. */
  discard(runId: string): Promise<void>
}

export type BackfillBatchApi = Pick<
  OmnisendClient,
  "createBatch" | "getBatch" | "getBatchItems" | "listContactBatches" | "adapter"
>
