import type { CustomPropertyValue } from "../modules/omnisend/client/schemas"
import type { PurchaseHistoryInput } from "./customer-order-facts"

/**
 * The custom properties the plugin keeps on every contact whose orders it read. Reserved: a
 * merchant's metadata key that would become one of these names is left out with a warning.
 */
export const PURCHASE_HISTORY_PROPERTIES = {
  ordersCount: "medusa_orders_count",
  totalSpent: "medusa_total_spent",
  currency: "medusa_total_spent_currency",
  firstOrderAt: "medusa_first_order_at",
  lastOrderAt: "medusa_last_order_at",
} as const

function isoOrEmpty(value: string | Date | null): string {
  if (value === null) {
    return ""
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? "" : date.toISOString()
}

/**
 * Every property is always sent, also for a customer without orders (count 0, empty dates): a
 * PATCH may merge custom properties, so a value left out would keep a stale one in Omnisend after
 * the last order was canceled. Amounts are rounded to cents so float noise never looks like a change.
 */
export function purchaseHistoryProperties(history: PurchaseHistoryInput): Record<string, CustomPropertyValue> {
  const names = PURCHASE_HISTORY_PROPERTIES
  const total = Number(history.total_spent)
  return {
    [names.ordersCount]: history.orders_count,
    [names.totalSpent]: Number.isFinite(total) ? Math.round(total * 100) / 100 : 0,
    [names.currency]: history.currency?.toUpperCase() ?? "",
    [names.firstOrderAt]: isoOrEmpty(history.first_order_at),
    [names.lastOrderAt]: isoOrEmpty(history.last_order_at),
  }
}
