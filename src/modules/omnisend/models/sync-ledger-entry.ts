import { model } from "@medusajs/framework/utils"

/**
 * One row per Medusa customer: what Omnisend knows of them, as far as the plugin can tell.
 * It is the plugin's own record of what still has to be sent, because neither event bus retries
 * reliably, and it is what the admin shows a merchant.
 */
const SyncLedgerEntry = model
  .define("omnisend_sync_ledger_entry", {
    id: model.id({ prefix: "omsync" }).primaryKey(),
    customer_id: model.text(),
    /** Normalised email the Omnisend contact is keyed by. */
    email: model.text().nullable(),
    contact_id: model.text().nullable(),
    state: model.enum(["pending", "synced", "failed", "skipped"]).default("pending"),
    /** Canonical snapshot of what Omnisend last accepted (diffed to send only changed fields). */
    last_sent: model.json().nullable(),
    last_sent_hash: model.text().nullable(),
    last_synced_at: model.dateTime().nullable(),
    last_attempt_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
    last_error_code: model.text().nullable(),
    /** Non-fatal problems of the last sync, e.g. an invalid phone left out. */
    warnings: model.json().nullable(),
    /** Per-channel consent memory: evidence, when it was given, what status was last sent. */
    consent: model.json().nullable(),
    /** Contacts this customer had before an email change: [{ contact_id, email, replaced_at }]. */
    previous_contacts: model.json().nullable(),
    /** The address the contact's location came from: deleting it must re-sync the customer. */
    address_id: model.text().nullable(),
    /** The customer's updated_at as of the last sync, so a backfill can find what changed since. */
    customer_updated_at: model.dateTime().nullable(),
    /** The Omnisend batch that last carried this customer, while a backfill waits for its result. */
    batch_id: model.text().nullable(),
    /** What the batch carried (snapshot, consent, hash...), applied when Omnisend reports success. */
    pending: model.json().nullable(),
    customer_deleted_at: model.dateTime().nullable(),
    /**
     * A change Medusa accepted that Omnisend has not taken yet: set before anything is sent, cleared
     * when Omnisend took it or refused the data for good. The retry job works through these.
     */
    sync_requested_at: model.dateTime().nullable(),
    /** When the retry job may try that change (again): capped backoff after a failure. */
    next_attempt_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["state"], where: "deleted_at IS NULL" },
    { on: ["contact_id"], where: "deleted_at IS NULL" },
    { on: ["address_id"], where: "deleted_at IS NULL" },
    { on: ["batch_id"], where: "deleted_at IS NULL" },
    { on: ["next_attempt_at"], where: "deleted_at IS NULL AND sync_requested_at IS NOT NULL" },
  ])

export default SyncLedgerEntry
