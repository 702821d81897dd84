import type { MedusaAddressInput } from "./medusa-customer-input"

/** The address of an order (billing, else shipping) as the sync reads it from the order module. */
export type OrderAddressInput = Pick<
  MedusaAddressInput,
  "id" | "phone" | "address_1" | "address_2" | "city" | "province" | "postal_code" | "country_code"
> & {
  first_name: string | null
  last_name: string | null
}

/**
 * A marketing opt-in (or an explicit opt-out) a storefront stored in a cart's metadata, which Medusa
 * copied to the order: dated at the order's creation, the moment the box was ticked.
 */
export interface CheckoutConsentInput {
  value: boolean
  /** The order's created_at. */
  at: string | Date
  /** The phone and country of that order's address: SMS consent belongs to that number only. */
  phone?: string | null
  country_code?: string | null
}

/** What the customer bought, over the orders that were not canceled. */
export interface PurchaseHistoryInput {
  orders_count: number
  /** Net of refunds, in `currency` only: amounts in different currencies cannot be added. */
  total_spent: number
  /** The currency of the latest order (lower case, as Medusa stores it); null without orders. */
  currency: string | null
  first_order_at: string | Date | null
  last_order_at: string | Date | null
}

/** What the customer's orders add to their contact. */
export interface CustomerOrderFacts {
  /** The latest order's billing address, else its shipping address. */
  address: OrderAddressInput | null
  /** The latest order whose metadata states email consent (true or false). */
  email_consent: CheckoutConsentInput | null
  /** The latest order whose metadata states SMS consent (true or false). */
  sms_consent: CheckoutConsentInput | null
  history: PurchaseHistoryInput
  /** The latest change to any of the customer's orders (placed, canceled, refunded); null without orders. */
  changed_at: string | Date | null
}

/** A customer without orders. */
export function noOrderFacts(): CustomerOrderFacts {
  return {
    address: null,
    email_consent: null,
    sms_consent: null,
    history: { orders_count: 0, total_spent: 0, currency: null, first_order_at: null, last_order_at: null },
    changed_at: null,
  }
}
