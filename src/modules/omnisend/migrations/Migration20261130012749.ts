import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130012749 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "omnisend_unsubscribe_sync_state" ("id" text not null, "cursor" text null, "failed_runs_at_cursor" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnisend_unsubscribe_sync_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnisend_unsubscribe_sync_state_deleted_at" ON "omnisend_unsubscribe_sync_state" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnisend_unsubscribe_sync_state" cascade;`);
  }

}
