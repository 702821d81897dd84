/**
 * Gives every 3rd bench customer (i = 1, 4, 7, ...) one to three orders straight in the order
 * module's tables: a billing address, a summary with the order total (every 4th order partly
 * refunded), every 3rd order of a customer canceled, and email consent ticked at checkout on the
 * orders of every 2nd such customer. Returns the number of orders.
 */
export async function seedBenchOrders(client, customerCount) {
  const customerId = `'cus_bench_' || lpad(i::text, 8, '0')`
  await client.query("BEGIN")
  await client.query(
    `INSERT INTO order_address (id, customer_id, first_name, last_name, phone, address_1, city, country_code, postal_code, created_at, updated_at)
     SELECT 'ordaddr_bench_' || lpad(i::text, 8, '0'), ${customerId}, 'Buyer' || i, 'Surname' || i,
            '+4930' || lpad(i::text, 8, '0'), i || ' Hauptstrasse', 'Berlin', 'de', '10115', now(), now()
       FROM generate_series(1, $1::int, 3) AS i`,
    [customerCount]
  )
  const { rowCount } = await client.query(
    `INSERT INTO "order" (id, customer_id, status, currency_code, email, billing_address_id, metadata, created_at, updated_at)
     SELECT 'order_bench_' || lpad(i::text, 8, '0') || '_' || n, ${customerId},
            (CASE WHEN n = 3 THEN 'canceled' ELSE 'pending' END)::order_status_enum, 'eur', 'customer' || i || '@example.com',
            'ordaddr_bench_' || lpad(i::text, 8, '0'),
            CASE WHEN i % 2 = 1 THEN jsonb_build_object('email_marketing_consent', true) END,
            now() - (i * 10 + n) * interval '1 minute', now() - (i * 10 + n) * interval '1 minute'
       FROM generate_series(1, $1::int, 3) AS i, generate_series(1, 1 + (i / 3) % 3) AS n`,
    [customerCount]
  )
  await client.query(
    `INSERT INTO order_summary (id, order_id, version, totals, created_at, updated_at)
     SELECT 'ordsum_' || o.id, o.id, 1,
            -- A refund books a credit line that lowers the current total, as Medusa does.
            jsonb_build_object('original_order_total', 19.99 + (o.display_id % 50),
                               'current_order_total', 19.99 + (o.display_id % 50) - CASE WHEN o.display_id % 4 = 0 THEN 5 ELSE 0 END,
                               'refunded_total', CASE WHEN o.display_id % 4 = 0 THEN 5 ELSE 0 END,
                               'credit_line_total', CASE WHEN o.display_id % 4 = 0 THEN 5 ELSE 0 END),
            o.created_at, o.created_at
       FROM "order" o WHERE o.id LIKE 'order_bench_%'`
  )
  await client.query("COMMIT")
  await client.query('ANALYZE "order"; ANALYZE order_summary; ANALYZE order_address')
  return rowCount
}
