import { model } from "@medusajs/framework/utils"

/**
 * One backfill pass over the store's customers, checkpointed after every batch so that a run
 * interrupted by a crash or restart continues from its cursor instead of starting again.
 */
const BackfillRun = model
  .define("omnisend_backfill_run", {
    id: model.id({ prefix: "ombf" }).primaryKey(),
    /** full: every customer (started by a merchant or script); changed: never synced or changed since. */
    mode: model.enum(["full", "changed"]).default("full"),
    dry_run: model.boolean().default(false),
    status: model.enum(["running", "completed", "failed", "cancelled"]).default("running"),
    /** Keyset cursor: the id of the last customer whose batch was sent. */
    cursor: model.text().nullable(),
    total: model.number().default(0),
    processed: model.number().default(0),
    succeeded: model.number().default(0),
    failed: model.number().default(0),
    skipped: model.number().default(0),
    batches: model.number().default(0),
    /** Batches sent whose results are not written to the ledger yet: [{ batch_id, customer_ids }]. */
    pending_batches: model.json().nullable(),
    /** Dry run: would-create / would-update / skipped reasons / would-subscribe counts. */
    report: model.json().nullable(),
    last_error: model.text().nullable(),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    /** Updated while the run works; a stale heartbeat tells another process the run was interrupted. */
    heartbeat_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["status"], where: "deleted_at IS NULL" }])

export default BackfillRun
