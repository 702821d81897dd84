import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { createEntityIds } from "../backfill/ledger-entry-ids"

const LEDGER = "omnisend_sync_ledger_entry"

/**
 * Records that these customers have a change to send, before anything is sent: a process that
 * dies, an Omnisend outage or a paused sync then leaves the request in the ledger for the retry job.
 * `dueAt` leaves the live sync that follows time to finish before the retry job would step in.
 */
export async function recordSyncRequests(knex: Knex, customerIds: string[], requestedAt: Date, dueAt: Date): Promise<void> {
  if (customerIds.length === 0) {
    return
  }
  const ids = createEntityIds("omsync", customerIds.length, requestedAt)
  const rows = customerIds.map((customer_id, index) => ({ id: ids[index], customer_id }))
  await knex.raw(
    `INSERT INTO ${LEDGER} (id, customer_id, state, sync_requested_at, next_attempt_at, created_at, updated_at)
     SELECT x.id, x.customer_id, 'pending', :requestedAt, :dueAt, :requestedAt, :requestedAt
       FROM jsonb_to_recordset(:rows::jsonb) AS x(id text, customer_id text)
     ON CONFLICT (customer_id) WHERE deleted_at IS NULL DO UPDATE
        SET sync_requested_at = GREATEST(${LEDGER}.sync_requested_at, EXCLUDED.sync_requested_at),
            next_attempt_at = LEAST(COALESCE(${LEDGER}.next_attempt_at, EXCLUDED.next_attempt_at), EXCLUDED.next_attempt_at)`,
    { rows: JSON.stringify(rows), requestedAt, dueAt }
  )
}

/**
 * The change is in Omnisend (or refused for good): done, unless a newer change came in meanwhile.
 * Only the deletion's own workflow settles a deleted customer's request: a profile sync that
 * raced the deletion (and found no customer) must not drop the unsubscribe still to send.
 */
export async function resolveSyncRequest(
  knex: Knex,
  customerId: string,
  requestedAt: Date,
  { deletion = false }: { deletion?: boolean } = {}
): Promise<void> {
  await knex.raw(
    `UPDATE ${LEDGER} SET sync_requested_at = NULL, next_attempt_at = NULL, updated_at = now()
      WHERE customer_id = :customerId AND deleted_at IS NULL AND sync_requested_at <= :requestedAt
        AND (:deletion OR customer_deleted_at IS NULL)`,
    { customerId, requestedAt, deletion }
  )
}

/** The change is still to send: the retry job tries it again at `nextAttemptAt`. */
export async function deferSyncRequest(knex: Knex, customerId: string, nextAttemptAt: Date): Promise<void> {
  await knex.raw(
    `UPDATE ${LEDGER} SET next_attempt_at = :nextAttemptAt
      WHERE customer_id = :customerId AND deleted_at IS NULL AND sync_requested_at IS NOT NULL`,
    { customerId, nextAttemptAt }
  )
}

export interface DueSyncRequest {
  customer_id: string
  /** Set when the change to send is the customer's deletion. */
  customer_deleted_at: Date | null
}

/**
 * Claims up to `limit` due requests for this process (row claims: a request is taken by one
 * process, whatever locking provider the store uses). The claim pushes the request's next attempt
 * `leaseSeconds` ahead, so a process that dies with it leaves it to be claimed again then.
 */
export async function claimDueSyncRequests(knex: Knex, limit: number, leaseSeconds: number): Promise<DueSyncRequest[]> {
  const { rows } = await knex.raw<{ rows: DueSyncRequest[] }>(
    `UPDATE ${LEDGER} l SET next_attempt_at = clock_timestamp() + make_interval(secs => :leaseSeconds)
      WHERE l.id IN (
        SELECT id FROM ${LEDGER}
         WHERE deleted_at IS NULL AND sync_requested_at IS NOT NULL
           AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
         ORDER BY next_attempt_at NULLS FIRST
         LIMIT :limit
         FOR UPDATE SKIP LOCKED)
      RETURNING l.customer_id, l.customer_deleted_at`,
    { limit, leaseSeconds }
  )
  return rows
}

/**
 * Requests a sync for customers changed since `since` whose ledger entry was last written before
 * that change (their event was lost: a restart of the local event bus, a crash before the
 * subscriber ran). Address and group changes count: they do not touch the customer. (A removal from
 * a group hard-deletes its link and leaves no trace to find.) A customer never synced counts only
 * when created after the plugin started syncing and no backfill is running: the others are the
 * backfill's, in batches.
 * Answers how many were found.
 */
export async function requestSyncOfUnrecordedChanges(knex: Knex, since: Date, now: Date): Promise<number> {
  const { rows } = await knex.raw<{ rows: Array<{ id: string }> }>(
    `WITH changes AS (
       SELECT id AS customer_id, updated_at AS changed_at FROM customer WHERE deleted_at IS NULL AND updated_at > :since
       UNION ALL
       SELECT customer_id, GREATEST(updated_at, deleted_at) FROM customer_address
        WHERE GREATEST(updated_at, deleted_at) > :since
       UNION ALL
       SELECT customer_id, created_at FROM customer_group_customer WHERE deleted_at IS NULL AND created_at > :since
       UNION ALL
       SELECT gc.customer_id, g.updated_at FROM customer_group g
         JOIN customer_group_customer gc ON gc.customer_group_id = g.id AND gc.deleted_at IS NULL
        WHERE g.updated_at > :since
     ), latest AS (
       SELECT customer_id, max(changed_at) AS changed_at FROM changes GROUP BY customer_id
     )
     SELECT c.id FROM latest
       JOIN customer c ON c.id = latest.customer_id AND c.deleted_at IS NULL
       LEFT JOIN ${LEDGER} l ON l.customer_id = c.id AND l.deleted_at IS NULL
      WHERE (l.id IS NULL AND c.created_at > (SELECT min(created_at) FROM ${LEDGER} WHERE deleted_at IS NULL)
             AND NOT EXISTS (SELECT 1 FROM omnisend_backfill_run WHERE status = 'running' AND deleted_at IS NULL))
         OR (l.sync_requested_at IS NULL AND l.updated_at < latest.changed_at)
         -- Written after the change, but with older data (a batch that read the customer before it).
         -- In milliseconds: the ledger holds the version as JavaScript read it.
         OR (l.sync_requested_at IS NULL AND l.state <> 'failed'
             AND l.customer_updated_at < date_trunc('milliseconds', c.updated_at) AND c.updated_at > :since)`,
    { since }
  )
  await recordSyncRequests(knex, rows.map((row) => row.id), now, now)
  return rows.length
}

/**
 * Records that the customer's deletion has to reach Omnisend: the ledger entry keeps the moment of
 * the deletion (the first one, if this is a retry), so the retry job knows what to send.
 */
export async function recordDeletionRequest(knex: Knex, customerId: string, requestedAt: Date): Promise<void> {
  const [id] = createEntityIds("omsync", 1, requestedAt)
  await knex.raw(
    `INSERT INTO ${LEDGER} (id, customer_id, state, sync_requested_at, next_attempt_at, customer_deleted_at, created_at, updated_at)
     VALUES (:id, :customerId, 'pending', :requestedAt, :requestedAt, :requestedAt, :requestedAt, :requestedAt)
     ON CONFLICT (customer_id) WHERE deleted_at IS NULL DO UPDATE
        SET sync_requested_at = GREATEST(${LEDGER}.sync_requested_at, EXCLUDED.sync_requested_at),
            next_attempt_at = EXCLUDED.next_attempt_at,
            customer_deleted_at = COALESCE(${LEDGER}.customer_deleted_at, EXCLUDED.customer_deleted_at)`,
    { id, customerId, requestedAt }
  )
}
