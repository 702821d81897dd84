import { createContactRequestSchema } from "../../modules/omnisend/client/schemas"
import { DEFAULT_CONSENT_KEYS, type ContactMappingConfig } from "../contact-mapping-config"
import { noOrderFacts, type CustomerOrderFacts, type OrderAddressInput } from "../customer-order-facts"
import { mapCustomerToContact, type MapCustomerResult, type MappedContact } from "../map-customer-to-contact"
import type { MedusaCustomerInput } from "../medusa-customer-input"
import { NO_CONSENT_STATUS_DATE } from "../resolve-channel-consent"
import { syncedVersionAt } from "../synced-version-at"

const NOW = new Date("2025-06-15T12:00:00.000Z")
const GUEST_CREATED_AT = "2025-06-10T09:00:00.000Z"
const ORDER_AT = "2025-06-10T09:00:05.000Z"

const config: ContactMappingConfig = {
  tags: [],
  customPropertyKeys: [],
  consentKeys: DEFAULT_CONSENT_KEYS,
  sendWelcomeMessage: false,
}

const billing: OrderAddressInput = {
  id: "oaddr_1",
  first_name: "Gina",
  last_name: "Guest",
  phone: "+49 30 901820",
  address_1: "Unter den Linden 1",
  address_2: null,
  city: "Berlin",
  province: null,
  postal_code: "10117",
  country_code: "de",
}

function orders(overrides: Partial<CustomerOrderFacts> = {}): CustomerOrderFacts {
  return {
    ...noOrderFacts(),
    address: billing,
    history: { orders_count: 1, total_spent: 59.9, currency: "eur", first_order_at: ORDER_AT, last_order_at: ORDER_AT },
    changed_at: ORDER_AT,
    ...overrides,
  }
}

function guest(overrides: Partial<MedusaCustomerInput> = {}): MedusaCustomerInput {
  return {
    id: "cus_guest",
    email: "gina@example.com",
    first_name: null,
    last_name: null,
    phone: null,
    has_account: false,
    metadata: null,
    created_at: GUEST_CREATED_AT,
    updated_at: GUEST_CREATED_AT,
    addresses: [],
    groups: [],
    orders: orders(),
    ...overrides,
  }
}

function mapped(result: MapCustomerResult): MappedContact {
  if (!result.ok) {
    throw new Error(`expected a contact, got: ${result.reason}`)
  }
  return result
}

const create = { contactExists: false }

describe("mapCustomerToContact with the customer's orders", () => {
  it("fills a guest's name, address and phone from the order, the phone without SMS consent", () => {
    const result = mapped(mapCustomerToContact(guest(), config, create, NOW))

    expect(createContactRequestSchema.safeParse(result.contact).success).toBe(true)
    expect(result.contact).toMatchObject({
      firstName: "Gina",
      lastName: "Guest",
      address: "Unter den Linden 1",
      city: "Berlin",
      postalCode: "10117",
      countryCode: "DE",
      country: "Germany",
    })
    expect(result.contact.identifiers[1]).toEqual({
      type: "phone",
      id: "+4930901820",
      channels: { sms: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } },
    })
    expect(result.addressId).toBe("oaddr_1")
  })

  it("keeps what the customer record holds: own name, own address, own phone", () => {
    const result = mapped(
      mapCustomerToContact(
        guest({
          first_name: "Regina",
          phone: "+49 89 123456",
          addresses: [
            {
              id: "caddr_1",
              address_1: "Marienplatz 8",
              address_2: null,
              city: "München",
              province: null,
              postal_code: "80331",
              country_code: "de",
              phone: null,
              created_at: GUEST_CREATED_AT,
            },
          ],
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.firstName).toBe("Regina")
    // A name is one person's: the order's last name does not join the customer's first name.
    expect(result.contact.lastName).toBeUndefined()
    expect(result.contact.city).toBe("München")
    expect(result.contact.identifiers[1].id).toBe("+4989123456")
  })

  it("never gives the customer's own SMS consent to a phone that came from an order", () => {
    const result = mapped(mapCustomerToContact(guest({ metadata: { sms_marketing_consent: true } }), config, create, NOW))

    expect(result.contact.identifiers[1].channels.sms?.status).toBe("nonSubscribed")
  })

  it("subscribes with the consent given at checkout, dated at the order", () => {
    const result = mapped(
      mapCustomerToContact(
        guest({
          orders: orders({
            email_consent: { value: true, at: ORDER_AT },
            sms_consent: { value: true, at: ORDER_AT, phone: "030 901820", country_code: "de" },
          }),
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.identifiers[0].channels.email).toEqual({ status: "subscribed", statusDate: ORDER_AT })
    expect(result.contact.identifiers[1].channels.sms).toEqual({ status: "subscribed", statusDate: ORDER_AT })
  })

  it("gives checkout SMS consent only to the phone given at that checkout", () => {
    const result = mapped(
      mapCustomerToContact(
        guest({
          phone: "+49 89 123456",
          orders: orders({ sms_consent: { value: true, at: ORDER_AT, phone: "+49 30 901820", country_code: "de" } }),
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.identifiers[1]).toMatchObject({ id: "+4989123456", channels: { sms: { status: "nonSubscribed" } } })
  })

  it("unsubscribes for an explicit false at checkout, dated at the order", () => {
    const result = mapped(
      mapCustomerToContact(guest({ orders: orders({ email_consent: { value: false, at: ORDER_AT } }) }), config, create, NOW)
    )

    expect(result.contact.identifiers[0].channels.email).toEqual({ status: "unsubscribed", statusDate: ORDER_AT })
  })

  it("lets the later statement win: a customer's dated opt-out after the checkout beats the checkout's opt-in", () => {
    const later = "2025-06-12T10:00:00.000Z"
    const result = mapped(
      mapCustomerToContact(
        guest({
          metadata: { email_marketing_consent: false, email_marketing_consent_at: later },
          orders: orders({ email_consent: { value: true, at: ORDER_AT } }),
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.identifiers[0].channels.email).toEqual({ status: "unsubscribed", statusDate: later })
  })

  it("lets a checkout opt-in after an older customer statement win, and remembers the customer's own evidence", () => {
    const before = "2025-01-01T00:00:00.000Z"
    const result = mapped(
      mapCustomerToContact(
        guest({
          metadata: { email_marketing_consent: false, email_marketing_consent_at: before },
          orders: orders({ email_consent: { value: true, at: ORDER_AT } }),
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.identifiers[0].channels.email).toEqual({ status: "subscribed", statusDate: ORDER_AT })
    expect(result.consent.email).toEqual({
      evidence: false,
      evidenceAt: before,
      sentStatus: "subscribed",
      sentStatusDate: ORDER_AT,
      sentIdentifier: "gina@example.com",
    })
  })

  it("does not send the checkout status again once sent, even after an unrelated save of the customer", () => {
    const checkout = orders({ email_consent: { value: true, at: ORDER_AT } })
    const first = mapped(mapCustomerToContact(guest({ orders: checkout }), config, create, NOW))
    const later = mapped(
      mapCustomerToContact(
        guest({ orders: checkout, updated_at: "2025-06-14T00:00:00.000Z", first_name: "Gina" }),
        config,
        { contactExists: true, consent: first.consent },
        NOW
      )
    )

    expect(later.decisions.email).toMatchObject({ status: "subscribed", statusDate: ORDER_AT, send: false })
  })

  it("adds the purchase history as custom properties, amounts in cents and the currency upper case", () => {
    const result = mapped(
      mapCustomerToContact(
        guest({
          orders: orders({
            history: {
              orders_count: 3,
              total_spent: 0.1 + 0.2 + 99.7,
              currency: "eur",
              first_order_at: new Date("2025-01-02T03:04:05.000Z"),
              last_order_at: ORDER_AT,
            },
          }),
        }),
        config,
        create,
        NOW
      )
    )

    expect(result.contact.customProperties).toEqual({
      medusa_customer_id: "cus_guest",
      medusa_orders_count: 3,
      medusa_total_spent: 100,
      medusa_total_spent_currency: "EUR",
      medusa_first_order_at: "2025-01-02T03:04:05.000Z",
      medusa_last_order_at: ORDER_AT,
    })
  })

  it("sends an empty history for a customer without orders, so a canceled last order clears it", () => {
    const result = mapped(mapCustomerToContact(guest({ orders: noOrderFacts() }), config, create, NOW))

    expect(result.contact.customProperties).toMatchObject({
      medusa_orders_count: 0,
      medusa_total_spent: 0,
      medusa_total_spent_currency: "",
      medusa_first_order_at: "",
      medusa_last_order_at: "",
    })
  })

  it("sends no purchase history when the caller did not read orders", () => {
    const result = mapped(mapCustomerToContact(guest({ orders: undefined }), config, create, NOW))

    expect(Object.keys(result.contact.customProperties ?? {})).toEqual(["medusa_customer_id"])
  })

  it("never lets a merchant's metadata key override a purchase history property", () => {
    const result = mapped(
      mapCustomerToContact(
        guest({ metadata: { "medusa-orders-count": 99 } }),
        { ...config, customPropertyKeys: ["medusa-orders-count"] },
        create,
        NOW
      )
    )

    expect(result.contact.customProperties?.medusa_orders_count).toBe(1)
    expect(result.warnings.map((warning) => warning.code)).toContain("custom_property_key_conflict")
  })
})

describe("syncedVersionAt", () => {
  it("is the later of the customer's change and its orders' change", () => {
    expect(syncedVersionAt({ updated_at: GUEST_CREATED_AT, orders: orders({ changed_at: ORDER_AT }) })).toBe(ORDER_AT)
    expect(syncedVersionAt({ updated_at: "2025-06-11T00:00:00.000Z", orders: orders({ changed_at: ORDER_AT }) })).toBe(
      "2025-06-11T00:00:00.000Z"
    )
    expect(syncedVersionAt({ updated_at: GUEST_CREATED_AT, orders: noOrderFacts() })).toBe(GUEST_CREATED_AT)
  })
})
