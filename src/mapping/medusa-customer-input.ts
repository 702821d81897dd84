import type { CustomerOrderFacts } from "./customer-order-facts"

/** One customer address as the workflow reads it with Medusa's Query. */
export interface MedusaAddressInput {
  id: string
  address_1: string | null
  address_2: string | null
  city: string | null
  province: string | null
  postal_code: string | null
  country_code: string | null
  phone: string | null
  is_default_billing?: boolean
  is_default_shipping?: boolean
  created_at: string | Date
  updated_at?: string | Date
}

/** The customer as the workflow reads it with Medusa's Query (with addresses and groups). */
export interface MedusaCustomerInput {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  has_account?: boolean
  metadata: Record<string, unknown> | null
  created_at: string | Date
  /** When the record last changed: consent without a date cannot be younger than this. */
  updated_at?: string | Date | null
  addresses?: MedusaAddressInput[] | null
  groups?: Array<{ name: string | null }> | null
  /**
   * What the customer's orders add (guest details, checkout consent, purchase history). Undefined
   * when the caller did not read orders: then no purchase history is sent either.
   */
  orders?: CustomerOrderFacts | null
}
