import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Durable sync: the ledger records each change before anything is sent, and when to retry it.
 * Leases: the plugin's cross-process exclusion (a customer's sync, the backfill) in PostgreSQL,
 * which every deployment shares, whatever locking provider the store configured.
 */
export class Migration20261205140000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnisend_sync_ledger_entry" add column if not exists "sync_requested_at" timestamptz null, add column if not exists "next_attempt_at" timestamptz null;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_next_attempt_at" ON "omnisend_sync_ledger_entry" ("next_attempt_at") WHERE deleted_at IS NULL AND sync_requested_at IS NOT NULL;`)
    this.addSql(`create table if not exists "omnisend_lease" ("key" text not null, "owner_id" text not null, "expires_at" timestamptz not null, constraint "omnisend_lease_pkey" primary key ("key"));`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnisend_lease";`)
    this.addSql(`drop index if exists "IDX_omnisend_sync_ledger_entry_next_attempt_at";`)
    this.addSql(`alter table if exists "omnisend_sync_ledger_entry" drop column if exists "sync_requested_at", drop column if exists "next_attempt_at";`)
  }
}
