/**
 * Inserts `count` customers straight into the customer module's tables of a migrated store, with
 * generate_series, as scripts/lib/seed-bench-customers.mjs does but under a tag of their own
 * (ids `cus_chaos<tag>_<n>`, emails `chaos-<tag>-<n>@example.com`), so that several sets can live in
 * one store: every 2nd with a billing address, every 3rd with a phone, every 4th with email consent.
 */
export async function seedChaosCustomers(client, tag, count) {
  const id = (prefix) => `'${prefix}_chaos${tag}_' || lpad(i::text, 6, '0')`
  await client.query("BEGIN")
  await client.query(
    `INSERT INTO customer (id, email, first_name, last_name, phone, has_account, metadata, created_at, updated_at)
     SELECT ${id("cus")}, 'chaos-${tag}-' || i || '@example.com', 'F${tag}' || i, 'L${tag}' || i,
            CASE WHEN i % 3 = 0 THEN '+4475' || lpad(i::text, 8, '0') END,
            true,
            CASE WHEN i % 4 = 0 THEN jsonb_build_object('email_marketing_consent', true, 'email_marketing_consent_at', '2025-01-01T00:00:00Z') END,
            now() - i * interval '1 millisecond', now() - i * interval '1 millisecond'
       FROM generate_series(1, $1::int) AS i`,
    [count]
  )
  await client.query(
    `INSERT INTO customer_address (id, customer_id, is_default_billing, address_1, city, country_code, postal_code, created_at, updated_at)
     SELECT ${id("cuaddr")}, ${id("cus")}, true, i || ' High Street', 'London', 'gb', 'SW1A 1AA', now(), now()
       FROM generate_series(2, $1::int, 2) AS i`,
    [count]
  )
  await client.query("COMMIT")
  await client.query("ANALYZE customer; ANALYZE customer_address")
}

/** Changes every customer of the set in the database only (no event): only a backfill can carry it. */
export async function touchChaosCustomers(client, tag, suffix) {
  const { rowCount } = await client.query(
    `UPDATE customer SET last_name = 'L${tag}' || regexp_replace(id, '^cus_chaos${tag}_0*', '') || $1, updated_at = now()
      WHERE id LIKE 'cus_chaos${tag}\\_%' AND deleted_at IS NULL`,
    [suffix]
  )
  return rowCount
}

/** What Omnisend must hold for these customers: [id, email (as the plugin sends it), first name, last name]. */
export async function expectedContacts(client, where, params = []) {
  const { rows } = await client.query(
    `SELECT id, lower(trim(email)) AS email, first_name, last_name FROM customer WHERE deleted_at IS NULL AND email IS NOT NULL AND (${where}) ORDER BY id`,
    params
  )
  return rows.map((row) => [row.id, row.email, row.first_name, row.last_name])
}
