import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ConsentKeys, CustomerOrderFacts, OrderAddressInput } from "../../mapping"
import { noOrderFacts } from "../../mapping"

// Medusa stores order totals as BigNumber JSON: a number, a numeric string, or {value, precision}.
function summaryAmount(key: string): string {
  const value = `s.totals->'${key}'`
  return `COALESCE(CASE jsonb_typeof(${value})
      WHEN 'number' THEN (${value})::text::numeric
      WHEN 'string' THEN NULLIF(${value}->>0, '')::numeric
      WHEN 'object' THEN NULLIF(${value}->>'value', '')::numeric
    END, 0)`
}

// A statement is an explicit true or false (JSON boolean or its string); anything else says nothing.
function statesConsent(key: string): string {
  return `lower(o.metadata->>:${key}) IN ('true', 'false')`
}

/**
 * The customers' orders, set-based (one statement for a whole page of customers): the order
 * module's own tables, read-only. Draft orders are not orders; canceled ones count for nothing in
 * the purchase history but their checkout's consent and address were still given by the buyer.
 */
const ORDER_FACTS_SQL = `
WITH placed AS (
  SELECT o.id, o.customer_id, o.currency_code, o.created_at, o.status, o.metadata,
         COALESCE(o.billing_address_id, o.shipping_address_id) AS address_id,
         GREATEST(o.updated_at, (
           SELECT max(updated_at) FROM order_summary WHERE order_id = o.id AND deleted_at IS NULL
         )) AS changed_at,
         -- Already net of refunds: Medusa books a refund as a credit line that lowers this total
         -- (and an edit or return that removed items lowered it before the refund).
         ${summaryAmount("current_order_total")} AS net
    FROM "order" o
    LEFT JOIN LATERAL (
      SELECT totals FROM order_summary
       WHERE order_id = o.id AND deleted_at IS NULL
       ORDER BY version DESC LIMIT 1
    ) s ON true
   WHERE o.customer_id = ANY(:ids) AND o.deleted_at IS NULL AND o.is_draft_order = false AND o.status <> 'draft'
),
kept AS (
  SELECT * FROM placed WHERE status <> 'canceled'
),
latest_currency AS (
  SELECT DISTINCT ON (customer_id) customer_id, currency_code
    FROM kept ORDER BY customer_id, created_at DESC, id DESC
),
history AS (
  SELECT k.customer_id, count(*)::int AS orders_count,
         COALESCE(sum(k.net) FILTER (WHERE k.currency_code = c.currency_code), 0)::text AS total_spent,
         c.currency_code AS currency, min(k.created_at) AS first_order_at, max(k.created_at) AS last_order_at
    FROM kept k JOIN latest_currency c ON c.customer_id = k.customer_id
   GROUP BY k.customer_id, c.currency_code
),
latest_address AS (
  SELECT DISTINCT ON (p.customer_id) p.customer_id,
         json_build_object('id', a.id, 'first_name', a.first_name, 'last_name', a.last_name, 'phone', a.phone,
           'address_1', a.address_1, 'address_2', a.address_2, 'city', a.city, 'province', a.province,
           'postal_code', a.postal_code, 'country_code', a.country_code) AS address
    FROM placed p JOIN order_address a ON a.id = p.address_id AND a.deleted_at IS NULL
   ORDER BY p.customer_id, p.created_at DESC, p.id DESC
),
email_consent AS (
  SELECT DISTINCT ON (o.customer_id) o.customer_id,
         json_build_object('value', lower(o.metadata->>:emailKey) = 'true', 'at', o.created_at) AS consent
    FROM placed o WHERE ${statesConsent("emailKey")}
   ORDER BY o.customer_id, o.created_at DESC, o.id DESC
),
sms_consent AS (
  SELECT DISTINCT ON (o.customer_id) o.customer_id,
         json_build_object('value', lower(o.metadata->>:smsKey) = 'true', 'at', o.created_at,
           'phone', a.phone, 'country_code', a.country_code) AS consent
    FROM placed o LEFT JOIN order_address a ON a.id = o.address_id AND a.deleted_at IS NULL
   WHERE ${statesConsent("smsKey")}
   ORDER BY o.customer_id, o.created_at DESC, o.id DESC
),
changed AS (
  SELECT customer_id, max(changed_at) AS changed_at FROM placed GROUP BY customer_id
)
SELECT ch.customer_id, ch.changed_at, la.address, ec.consent AS email_consent, sc.consent AS sms_consent,
       h.orders_count, h.total_spent, h.currency, h.first_order_at, h.last_order_at
  FROM changed ch
  LEFT JOIN latest_address la ON la.customer_id = ch.customer_id
  LEFT JOIN email_consent ec ON ec.customer_id = ch.customer_id
  LEFT JOIN sms_consent sc ON sc.customer_id = ch.customer_id
  LEFT JOIN history h ON h.customer_id = ch.customer_id`

interface OrderFactsRow {
  customer_id: string
  changed_at: Date | null
  address: OrderAddressInput | null
  email_consent: { value: boolean; at: string } | null
  sms_consent: { value: boolean; at: string; phone: string | null; country_code: string | null } | null
  orders_count: number | null
  total_spent: string | null
  currency: string | null
  first_order_at: Date | null
  last_order_at: Date | null
}

/**
 * What the orders of these customers add to their contacts, by customer id. Every id gets an
 * entry: a customer without orders has an empty purchase history, which is sent too.
 */
export async function readCustomerOrderFacts(
  knex: Knex,
  customerIds: string[],
  consentKeys: Pick<ConsentKeys, "email" | "sms">
): Promise<Map<string, CustomerOrderFacts>> {
  const facts = new Map(customerIds.map((id) => [id, noOrderFacts()]))
  if (customerIds.length === 0) {
    return facts
  }
  const { rows } = await knex.raw<{ rows: OrderFactsRow[] }>(ORDER_FACTS_SQL, {
    ids: customerIds,
    emailKey: consentKeys.email,
    smsKey: consentKeys.sms,
  })
  for (const row of rows) {
    facts.set(row.customer_id, {
      address: row.address,
      email_consent: row.email_consent,
      sms_consent: row.sms_consent,
      history: {
        orders_count: row.orders_count ?? 0,
        total_spent: Number(row.total_spent ?? 0),
        currency: row.currency,
        first_order_at: row.first_order_at,
        last_order_at: row.last_order_at,
      },
      changed_at: row.changed_at,
    })
  }
  return facts
}

/**
 * The latest change to a customer's orders (the same orders and the same value as the facts'
 * changed_at), for a changed-mode backfill to notice a customer whose orders changed although the
 * customer record did not.
 */
export const ORDERS_CHANGED_AT_SQL = (customerColumn: string) => `(
  SELECT max(GREATEST(o.updated_at, s.updated_at))
    FROM "order" o
    LEFT JOIN order_summary s ON s.order_id = o.id AND s.deleted_at IS NULL
   WHERE o.customer_id = ${customerColumn} AND o.deleted_at IS NULL AND o.is_draft_order = false AND o.status <> 'draft'
)`
