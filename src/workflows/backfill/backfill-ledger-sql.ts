import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ContactSnapshot, LedgerConsentState } from "../../mapping"
import { createEntityIds } from "./ledger-entry-ids"
import type {
  BackfillLedgerStore,
  BackfillLedgerView,
  BatchLedgerMember,
  FailedLedgerRow,
  SentLedgerRow,
  SkippedLedgerRow,
  SucceededLedgerRow,
  UnchangedLedgerRow,
} from "./backfill-ports"

const TABLE = "omnisend_sync_ledger_entry"

// Whether the customer changed after the batch read it (the pending version is what it read, in
// milliseconds as JavaScript reads it: PostgreSQL keeps microseconds, which would always look newer).
const CHANGED_SINCE_READ = `COALESCE((SELECT date_trunc('milliseconds', c.updated_at) FROM customer c WHERE c.id = l.customer_id)
    > (l.pending->>'customer_updated_at')::timestamptz, false)`
// A sync request recorded before the batch read the customer (a change made while sync was off or
// Omnisend away) is carried by the batch: settled with it, so the retry job does not send it again.
// The margin covers the clocks of two processes (the request's and the reader's); a deletion's
// request is settled only by the deletion's own workflow.
const REQUEST_CARRIED = `(l.customer_deleted_at IS NULL
    AND l.sync_requested_at <= (l.pending->>'read_at')::timestamptz - interval '1 second')`
const ID_PREFIX = "omsync"

// Set-based: a page or a batch is one statement whatever its size (the module service writes row
// by row, about 0.5 s per thousand, which alone would take minutes for a large store). Rows travel
// as one JSON parameter; a customer without a row gets one, keyed by the same unique index as the
// module's own writes (one live row per customer).
const UPSERT_TARGET = `ON CONFLICT (customer_id) WHERE deleted_at IS NULL`

/** The sync ledger written with set-based SQL through the module's database connection. */
export class BackfillLedgerSql implements BackfillLedgerStore {
  constructor(private readonly knex: Knex) {}

  async readViews(customerIds: string[]): Promise<Map<string, BackfillLedgerView>> {
    const { rows } = await this.knex.raw<{ rows: Array<BackfillLedgerView & { customer_id: string }> }>(
      `SELECT customer_id, customer_updated_at, address_id, contact_id, email, last_sent, consent, last_error_code
         FROM ${TABLE}
        WHERE customer_id = ANY(?) AND deleted_at IS NULL`,
      [customerIds]
    )
    return new Map(
      rows.map((row) => [
        row.customer_id,
        {
          contact_id: row.contact_id,
          email: row.email,
          last_sent: row.last_sent as ContactSnapshot | null,
          consent: row.consent as LedgerConsentState | null,
          last_error_code: row.last_error_code,
          customer_updated_at: row.customer_updated_at,
          address_id: row.address_id,
        },
      ])
    )
  }

  async recordSkipped(rows: SkippedLedgerRow[], now: Date): Promise<void> {
    await this.knex.raw(
      `INSERT INTO ${TABLE} (id, customer_id, state, last_error, last_error_code, customer_updated_at, created_at, updated_at)
       SELECT x.id, x.customer_id, 'skipped', x.reason, 'OMNISEND_CUSTOMER_SKIPPED', x.customer_updated_at, :now, :now
         FROM jsonb_to_recordset(:rows::jsonb) AS x(id text, customer_id text, reason text, customer_updated_at timestamptz)
       ${UPSERT_TARGET} DO UPDATE SET
         state = 'skipped', last_error = EXCLUDED.last_error, last_error_code = EXCLUDED.last_error_code,
         customer_updated_at = EXCLUDED.customer_updated_at, batch_id = NULL, pending = NULL, updated_at = :now`,
      { now, rows: withIds(rows) }
    )
  }

  async recordUnchanged(rows: UnchangedLedgerRow[], now: Date): Promise<void> {
    await this.knex.raw(
      `UPDATE ${TABLE} AS l SET
         state = 'synced', consent = x.consent, address_id = x.address_id, customer_updated_at = x.customer_updated_at,
         attempts = 0, last_error = NULL, last_error_code = NULL, updated_at = :now
         FROM jsonb_to_recordset(:rows::jsonb) AS x(customer_id text, consent jsonb, address_id text, customer_updated_at timestamptz)
        WHERE l.customer_id = x.customer_id AND l.deleted_at IS NULL`,
      { now, rows: JSON.stringify(rows) }
    )
  }

  async recordSent(batchId: string, rows: SentLedgerRow[], now: Date): Promise<void> {
    await this.knex.raw(
      `INSERT INTO ${TABLE} (id, customer_id, state, batch_id, pending, created_at, updated_at)
       SELECT x.id, x.customer_id, 'pending', :batchId, x.pending, :now, :now
         FROM jsonb_to_recordset(:rows::jsonb) AS x(id text, customer_id text, pending jsonb)
       ${UPSERT_TARGET} DO UPDATE SET batch_id = EXCLUDED.batch_id, pending = EXCLUDED.pending, updated_at = :now`,
      { now, batchId, rows: sentRowsJson(rows) }
    )
  }

  async readBatchMembers(batchId: string): Promise<BatchLedgerMember[]> {
    const { rows } = await this.knex.raw<{ rows: BatchLedgerMember[] }>(
      `SELECT customer_id,
              pending->>'email' AS email,
              pending->>'action' AS action,
              pending->'snapshot'->'email'->>'status' AS email_status,
              pending->'snapshot'->'phone'->>'status' AS sms_status
         FROM ${TABLE}
        WHERE batch_id = ? AND pending IS NOT NULL AND deleted_at IS NULL`,
      [batchId]
    )
    return rows
  }

  /**
   * What record-sync-outcome writes for a synced customer, taken from what the batch carried. A
   * customer changed since the batch read it (a live sync may have sent the change before Omnisend
   * processed the batch, which then put the older data back) gets a sync request: the retry job
   * sends the latest data again; a request the batch carried is settled.
   */
  async recordSucceeded(batchId: string, rows: SucceededLedgerRow[], now: Date): Promise<void> {
    await this.knex.raw(
      `UPDATE ${TABLE} AS l SET
         state = 'synced',
         -- A clean batch names no contact ids: keep the one known, unless the batch created a new
         -- contact (an email change), whose id is then learned at the customer's next sync.
         contact_id = COALESCE(x.contact_id, CASE WHEN l.pending->>'action' = 'create' THEN NULL ELSE l.contact_id END),
         email = l.pending->>'email',
         last_sent = l.pending->'snapshot',
         last_sent_hash = l.pending->>'hash',
         consent = l.pending->'consent',
         address_id = l.pending->>'address_id',
         customer_updated_at = (l.pending->>'customer_updated_at')::timestamptz,
         warnings = COALESCE(l.pending->'warnings', '[]'::jsonb) || x.warnings,
         previous_contacts = CASE
           WHEN jsonb_typeof(l.pending->'replaces') = 'object'
             THEN COALESCE(l.previous_contacts, '[]'::jsonb)
                  || jsonb_build_array(l.pending->'replaces' || jsonb_build_object('replaced_at', :nowIso::text))
           ELSE l.previous_contacts
         END,
         last_synced_at = :now, last_attempt_at = :now, attempts = 0, last_error = NULL, last_error_code = NULL,
         sync_requested_at = CASE
           WHEN ${CHANGED_SINCE_READ} THEN GREATEST(l.sync_requested_at, :now)
           WHEN ${REQUEST_CARRIED} THEN NULL
           ELSE l.sync_requested_at
         END,
         next_attempt_at = CASE
           WHEN ${CHANGED_SINCE_READ} THEN :now
           WHEN ${REQUEST_CARRIED} THEN NULL
           ELSE l.next_attempt_at
         END,
         batch_id = NULL, pending = NULL, updated_at = :now
         FROM jsonb_to_recordset(:rows::jsonb) AS x(customer_id text, contact_id text, warnings jsonb)
        WHERE l.customer_id = x.customer_id AND l.batch_id = :batchId AND l.deleted_at IS NULL`,
      { now, nowIso: now.toISOString(), batchId, rows: JSON.stringify(rows) }
    )
  }

  /**
   * A failure keeps what Omnisend last accepted (last_sent). When Omnisend refused the data itself,
   * the customer's updated_at is recorded as seen, so a scheduled backfill retries only once the
   * customer changes; after a transient failure it is left, so the next one tries again.
   */
  async recordFailed(batchId: string, rows: FailedLedgerRow[], now: Date): Promise<void> {
    await this.knex.raw(
      `UPDATE ${TABLE} AS l SET
         state = 'failed', attempts = l.attempts + 1, last_attempt_at = :now,
         last_error = x.error, last_error_code = x.code, warnings = l.pending->'warnings',
         customer_updated_at = CASE
           WHEN x.data_rejected THEN (l.pending->>'customer_updated_at')::timestamptz
           ELSE l.customer_updated_at
         END,
         batch_id = NULL, pending = NULL, updated_at = :now
         FROM jsonb_to_recordset(:rows::jsonb) AS x(customer_id text, error text, code text, data_rejected boolean)
        WHERE l.customer_id = x.customer_id AND l.batch_id = :batchId AND l.deleted_at IS NULL`,
      { now, batchId, rows: JSON.stringify(rows) }
    )
  }
}

// The pending JSON goes in as it is, without being parsed and serialised again.
function sentRowsJson(rows: SentLedgerRow[]): string {
  const ids = createEntityIds(ID_PREFIX, rows.length)
  const entries = rows.map(
    (row, index) => `{"id":${JSON.stringify(ids[index])},"customer_id":${JSON.stringify(row.customer_id)},"pending":${row.pending_json}}`
  )
  return `[${entries.join(",")}]`
}

function withIds<T>(rows: T[]): string {
  const ids = createEntityIds(ID_PREFIX, rows.length)
  return JSON.stringify(rows.map((row, index) => ({ ...row, id: ids[index] })))
}
