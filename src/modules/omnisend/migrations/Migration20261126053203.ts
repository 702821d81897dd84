import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261126053203 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnisend_sync_ledger_entry" drop constraint if exists "omnisend_sync_ledger_entry_customer_id_unique";`);
    this.addSql(`create table if not exists "omnisend_backfill_run" ("id" text not null, "mode" text check ("mode" in ('full', 'changed')) not null default 'full', "dry_run" boolean not null default false, "status" text check ("status" in ('running', 'completed', 'failed', 'cancelled')) not null default 'running', "cursor" text null, "total" integer not null default 0, "processed" integer not null default 0, "succeeded" integer not null default 0, "failed" integer not null default 0, "skipped" integer not null default 0, "batches" integer not null default 0, "pending_batches" jsonb null, "report" jsonb null, "last_error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnisend_backfill_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_backfill_run_deleted_at" ON "omnisend_backfill_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_backfill_run_status" ON "omnisend_backfill_run" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnisend_settings" ("id" text not null, "api_key_encrypted" text null, "api_key_last4" text null, "enabled" boolean null, "consent_keys" jsonb null, "tags" jsonb null, "custom_property_keys" jsonb null, "send_welcome_message" boolean null, "backfill_schedule_enabled" boolean null, "customer_deleted_action" text check ("customer_deleted_action" in ('keep', 'unsubscribe')) null, "paused_reason" text null, "paused_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnisend_settings_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_settings_deleted_at" ON "omnisend_settings" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnisend_sync_ledger_entry" ("id" text not null, "customer_id" text not null, "email" text null, "contact_id" text null, "state" text check ("state" in ('pending', 'synced', 'failed', 'skipped')) not null default 'pending', "last_sent" jsonb null, "last_sent_hash" text null, "last_synced_at" timestamptz null, "last_attempt_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "last_error_code" text null, "warnings" jsonb null, "consent" jsonb null, "previous_contacts" jsonb null, "address_id" text null, "customer_updated_at" timestamptz null, "batch_id" text null, "pending" jsonb null, "customer_deleted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnisend_sync_ledger_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_deleted_at" ON "omnisend_sync_ledger_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_customer_id_unique" ON "omnisend_sync_ledger_entry" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_state" ON "omnisend_sync_ledger_entry" ("state") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_contact_id" ON "omnisend_sync_ledger_entry" ("contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_address_id" ON "omnisend_sync_ledger_entry" ("address_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_sync_ledger_entry_batch_id" ON "omnisend_sync_ledger_entry" ("batch_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnisend_backfill_run" cascade;`);

    this.addSql(`drop table if exists "omnisend_settings" cascade;`);

    this.addSql(`drop table if exists "omnisend_sync_ledger_entry" cascade;`);
  }

}
