import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** A customer whose email, trimmed and lowercased, is one of those asked for. */
export interface CustomerWithEmail {
  id: string
  /** Normalised. */
  email: string
}

/**
 * Finds live customers by normalised email, registered customers first, then guests. Medusa keeps
 * emails as they were typed and Query cannot compare them lowercased, so this reads the customer
 * module's table (read-only, as the backfill does), one statement for a whole run's emails.
 */
export async function findCustomersByNormalizedEmail(knex: Knex, emails: string[]): Promise<CustomerWithEmail[]> {
  if (emails.length === 0) {
    return []
  }
  const { rows } = await knex.raw<{ rows: CustomerWithEmail[] }>(
    `SELECT id, lower(trim(email)) AS email FROM customer
      WHERE deleted_at IS NULL
        AND lower(trim(email)) IN (SELECT jsonb_array_elements_text(:emails::jsonb))
      ORDER BY has_account DESC, created_at, id`,
    { emails: JSON.stringify(emails) }
  )
  return rows
}
