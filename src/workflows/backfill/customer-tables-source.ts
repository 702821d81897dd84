import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ConsentKeys } from "../../mapping"
import { ORDERS_CHANGED_AT_SQL, readCustomerOrderFacts } from "../orders/customer-order-facts-sql"
import type { BackfillCustomerSource } from "./backfill-ports"
import type { CustomerHead } from "./needs-backfill"
import type { BackfillCustomer } from "./plan-backfill-item"

// The customer module's own tables, read-only, one statement per page: a customer with its live
// addresses and group names. Through the module's ORM the same page cost three times the CPU
// (entity hydration and serialisation of a thousand customers with relations), which alone held a
// 100,000-customer backfill near 2,000 customers a second. Soft-deleted rows are left out, as the
// module's own reads do.
const CUSTOMER_COLUMNS = `
  c.id, c.email, c.first_name, c.last_name, c.phone, c.has_account, c.metadata, c.created_at, c.updated_at,
  (c.has_account = false AND EXISTS (
    SELECT 1 FROM customer r WHERE r.email = c.email AND r.has_account = true AND r.deleted_at IS NULL
  )) AS shadowed_by_registered,
  COALESCE((
    SELECT json_agg(json_build_object(
             'id', a.id, 'address_1', a.address_1, 'address_2', a.address_2, 'city', a.city,
             'province', a.province, 'postal_code', a.postal_code, 'country_code', a.country_code,
             'phone', a.phone, 'is_default_billing', a.is_default_billing,
             'is_default_shipping', a.is_default_shipping, 'created_at', a.created_at, 'updated_at', a.updated_at
           ) ORDER BY a.created_at, a.id)
      FROM customer_address a
     WHERE a.customer_id = c.id AND a.deleted_at IS NULL
  ), '[]'::json) AS addresses,
  COALESCE((
    SELECT json_agg(json_build_object('name', g.name) ORDER BY g.name)
      FROM customer_group_customer gc
      JOIN customer_group g ON g.id = gc.customer_group_id AND g.deleted_at IS NULL
     WHERE gc.customer_id = c.id AND gc.deleted_at IS NULL
  ), '[]'::json) AS groups`

/**
 * The store's customers, page by page in id order (keyset pagination), straight from their tables,
 * each with what its orders add (one more statement per page).
 */
export class CustomerTablesSource implements BackfillCustomerSource {
  constructor(
    private readonly knex: Knex,
    private readonly consentKeys: Pick<ConsentKeys, "email" | "sms">
  ) {}

  private async withOrders(customers: BackfillCustomer[]): Promise<BackfillCustomer[]> {
    const facts = await readCustomerOrderFacts(this.knex, customers.map((customer) => customer.id), this.consentKeys)
    return customers.map((customer) => ({ ...customer, orders: facts.get(customer.id) ?? null }))
  }

  async count(): Promise<number> {
    const { rows } = await this.knex.raw<{ rows: Array<{ count: string }> }>(
      `SELECT count(*) AS count FROM customer WHERE deleted_at IS NULL`
    )
    return Number(rows[0].count)
  }

  async readHeadsAfter(cursor: string | null, take: number): Promise<CustomerHead[]> {
    const { rows } = await this.knex.raw<{ rows: CustomerHead[] }>(
      `SELECT c.id, GREATEST(c.updated_at, ${ORDERS_CHANGED_AT_SQL("c.id")}) AS updated_at FROM customer c
        WHERE c.deleted_at IS NULL AND (:cursor::text IS NULL OR c.id > :cursor)
        ORDER BY c.id LIMIT :take`,
      { cursor, take }
    )
    return rows
  }

  async readAfter(cursor: string | null, take: number): Promise<BackfillCustomer[]> {
    const { rows } = await this.knex.raw<{ rows: BackfillCustomer[] }>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer c
        WHERE c.deleted_at IS NULL AND (:cursor::text IS NULL OR c.id > :cursor)
        ORDER BY c.id LIMIT :take`,
      { cursor, take }
    )
    return this.withOrders(rows)
  }

  async readByIds(ids: string[]): Promise<BackfillCustomer[]> {
    if (ids.length === 0) {
      return []
    }
    const { rows } = await this.knex.raw<{ rows: BackfillCustomer[] }>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer c
        WHERE c.deleted_at IS NULL AND c.id = ANY(:ids)
        ORDER BY c.id`,
      { ids }
    )
    return this.withOrders(rows)
  }
}
