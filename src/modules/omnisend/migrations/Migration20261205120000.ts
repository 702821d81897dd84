import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Purchase history and order details now reach contacts. Forgetting which version of each customer
 * was synced makes the next changed-mode backfill plan every customer once: those whose contact
 * gains nothing send nothing, the rest get their history. No schema change.
 */
export class Migration20261205120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "omnisend_sync_ledger_entry" set "customer_updated_at" = null where "customer_updated_at" is not null;`)
  }

  override async down(): Promise<void> {
    // Nothing to restore: a null version only makes the next backfill look at the customer again.
  }
}
