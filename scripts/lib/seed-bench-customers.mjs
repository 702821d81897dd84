/**
 * Inserts `count` customers straight into the customer module's tables of a migrated store, with
 * generate_series: every 2nd with a billing address, every 3rd with a phone, every 4th with email
 * consent (and every 4th + 1 with consent withdrawn), every 10th in a customer group.
 */
export async function seedBenchCustomers(client, count) {
  const ids = (prefix) => `'${prefix}_bench_' || lpad(i::text, 8, '0')`
  await client.query("BEGIN")
  await client.query(
    `INSERT INTO customer_group (id, name) VALUES ('cusgroup_bench_vip', 'VIP'), ('cusgroup_bench_wholesale', 'Wholesale')`
  )
  await client.query(
    `INSERT INTO customer (id, email, first_name, last_name, phone, has_account, metadata, created_at, updated_at)
     SELECT ${ids("cus")}, 'customer' || i || '@example.com', 'First' || i, 'Last' || i,
            CASE WHEN i % 3 = 0 THEN '+4474' || lpad(i::text, 8, '0') END,
            i % 2 = 0,
            CASE WHEN i % 4 = 0 THEN jsonb_build_object('email_marketing_consent', true, 'email_marketing_consent_at', '2025-01-01T00:00:00Z')
                 WHEN i % 4 = 1 THEN jsonb_build_object('email_marketing_consent', false) END,
            now() - i * interval '1 second', now() - i * interval '1 second'
       FROM generate_series(1, $1::int) AS i`,
    [count]
  )
  await client.query(
    `INSERT INTO customer_address (id, customer_id, is_default_billing, address_1, city, country_code, postal_code, created_at, updated_at)
     SELECT ${ids("cuaddr")}, ${ids("cus")}, true, i || ' High Street', 'London', 'gb', 'SW1A 1AA', now(), now()
       FROM generate_series(2, $1::int, 2) AS i`,
    [count]
  )
  await client.query(
    `INSERT INTO customer_group_customer (id, customer_id, customer_group_id)
     SELECT ${ids("cusgc")}, ${ids("cus")}, CASE WHEN i % 20 = 0 THEN 'cusgroup_bench_vip' ELSE 'cusgroup_bench_wholesale' END
       FROM generate_series(10, $1::int, 10) AS i`,
    [count]
  )
  await client.query("COMMIT")
  await client.query("ANALYZE customer; ANALYZE customer_address; ANALYZE customer_group_customer")
}
