import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** The counters of the Omnisend request budget every process shares (rate-limiter-flexible's Postgres store). */
export class Migration20261205141500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "omnisend_rate_budget" ("key" varchar(255) not null, "points" integer not null default 0, "expire" bigint null, constraint "omnisend_rate_budget_pkey" primary key ("key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnisend_rate_budget" cascade;`);
  }

}
