import { createContactRequestSchema } from "../../modules/omnisend/client/schemas"
import { DEFAULT_CONSENT_KEYS, type ContactMappingConfig } from "../contact-mapping-config"
import { mapCustomerToContact, type MapCustomerResult, type MappedContact } from "../map-customer-to-contact"
import type { MedusaCustomerInput } from "../medusa-customer-input"
import { NO_CONSENT_STATUS_DATE } from "../resolve-channel-consent"

const NOW = new Date("2025-06-15T12:00:00.000Z")

const config: ContactMappingConfig = {
  tags: ["vip"],
  customPropertyKeys: ["shoeSize"],
  consentKeys: DEFAULT_CONSENT_KEYS,
  birthdateKey: "birthday",
  genderKey: "gender",
  sendWelcomeMessage: false,
}

function customer(overrides: Partial<MedusaCustomerInput> = {}): MedusaCustomerInput {
  return {
    id: "cus_1",
    email: "  Jane@Example.COM ",
    first_name: " Jane ",
    last_name: "Doe",
    phone: "020 7946 0958",
    has_account: true,
    metadata: null,
    created_at: new Date("2024-02-29T10:07:28.000Z"),
    addresses: [
      {
        id: "addr_1",
        address_1: "Westminster",
        address_2: null,
        city: "London",
        province: null,
        postal_code: "SW1A 1AA",
        country_code: "gb",
        phone: "020 7946 0111",
        is_default_billing: true,
        created_at: "2024-02-29T10:07:28.000Z",
      },
    ],
    groups: [{ name: "Wholesale" }],
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

describe("mapCustomerToContact", () => {
  it("maps a full customer into a valid create request", () => {
    const result = mapped(
      mapCustomerToContact(
        customer({ metadata: { shoeSize: 42, birthday: "1997-05-02", gender: "F", email_marketing_consent: true } }),
        config,
        create,
        NOW
      )
    )
    expect(result.contact).toEqual({
      identifiers: [
        // Undated consent never seen before: dated at the customer's creation, the earliest it can be.
        { type: "email", id: "jane@example.com", channels: { email: { status: "subscribed", statusDate: "2024-02-29T10:07:28.000Z" } } },
        { type: "phone", id: "+442079460958", channels: { sms: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } } },
      ],
      firstName: "Jane",
      lastName: "Doe",
      address: "Westminster",
      city: "London",
      postalCode: "SW1A 1AA",
      countryCode: "GB",
      country: "United Kingdom",
      birthdate: "1997-05-02",
      gender: "f",
      createdAt: "2024-02-29T10:07:28.000Z",
      tags: ["source: medusa", "vip", "Wholesale"],
      customProperties: { shoeSize: 42, medusa_customer_id: "cus_1" },
    })
    expect(createContactRequestSchema.safeParse(result.contact).success).toBe(true)
    expect(result.warnings).toEqual([])
  })

  it("skips a customer without an email", () => {
    expect(mapCustomerToContact(customer({ email: null }), config, create, NOW)).toEqual({
      ok: false,
      reason: "customer has no email",
    })
  })

  it("skips a customer with an invalid email and masks it in the reason", () => {
    const result = mapCustomerToContact(customer({ email: "jane.doe@example" }), config, create, NOW)
    expect(result.ok).toBe(false)
    const reason = result.ok ? "" : result.reason
    expect(reason).toContain("j***@e***")
    expect(reason).not.toContain("jane.doe")
  })

  it("never sends the address phone by default: it may be someone else's (a gift recipient)", () => {
    const result = mapped(
      mapCustomerToContact(customer({ phone: null, metadata: { sms_marketing_consent: true } }), config, create, NOW)
    )
    expect(result.contact.identifiers.map((identifier) => identifier.type)).toEqual(["email"])
    expect(result.snapshot.phone).toBeNull()
  })

  it("sends the address phone when the merchant asks, always nonSubscribed whatever the SMS consent says", () => {
    const result = mapped(
      mapCustomerToContact(
        customer({ phone: null, metadata: { sms_marketing_consent: true, sms_marketing_consent_at: "2025-01-01T00:00:00Z" } }),
        { ...config, sendAddressPhone: true },
        create,
        NOW
      )
    )
    expect(result.contact.identifiers[1]).toEqual({
      type: "phone",
      id: "+442079460111",
      channels: { sms: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } },
    })
  })

  it("prefers the customer's phone over the address phone, read in the address country", () => {
    const result = mapped(mapCustomerToContact(customer({ phone: "07400 123456" }), config, create, NOW))
    expect(result.contact.identifiers[1].id).toBe("+447400123456")
  })

  it("leaves out an invalid phone with a masked warning and no address fallback", () => {
    const result = mapped(mapCustomerToContact(customer({ phone: "0740012" }), config, create, NOW))
    expect(result.contact.identifiers).toHaveLength(1)
    expect(result.snapshot.phone).toBeNull()
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0].code).toBe("invalid_phone")
    expect(result.warnings[0].message).toContain("***12")
    expect(result.warnings[0].message).not.toContain("0740012")
  })

  it("sends no phone identifier without any phone", () => {
    const result = mapped(mapCustomerToContact(customer({ addresses: null, groups: null }), config, create, NOW))
    expect(result.contact.identifiers.map((identifier) => identifier.type)).toEqual(["email"])
    expect(result.contact.tags).toEqual(["source: medusa", "vip"])
    expect(result.contact).not.toHaveProperty("country")
    expect(result.decisions.sms.send).toBe(false)
  })

  it("takes the SMS status from the SMS consent keys", () => {
    const metadata = { sms_marketing_consent: "true", sms_marketing_consent_at: "2025-01-01T00:00:00Z" }
    const result = mapped(mapCustomerToContact(customer({ metadata }), config, create, NOW))
    expect(result.contact.identifiers[1].channels.sms).toEqual({
      status: "subscribed",
      statusDate: "2025-01-01T00:00:00.000Z",
    })
    expect(result.contact.identifiers[0].channels.email?.status).toBe("nonSubscribed")
  })

  it("uses configured consent keys", () => {
    const custom = { ...config, consentKeys: { email: "optin", emailAt: "optin_at", sms: "sms", smsAt: "sms_at" } }
    const result = mapped(
      mapCustomerToContact(customer({ metadata: { optin: false, email_marketing_consent: true } }), custom, create, NOW)
    )
    expect(result.contact.identifiers[0].channels.email?.status).toBe("unsubscribed")
  })

  it("leaves out an invalid created_at with a warning", () => {
    const result = mapped(mapCustomerToContact(customer({ created_at: "not a date" }), config, create, NOW))
    expect(result.contact).not.toHaveProperty("createdAt")
    expect(result.warnings.map((warning) => warning.code)).toEqual(["invalid_created_at"])
  })

  it("omits empty names", () => {
    const result = mapped(mapCustomerToContact(customer({ first_name: "  ", last_name: null }), config, create, NOW))
    expect(result.contact).not.toHaveProperty("firstName")
    expect(result.contact).not.toHaveProperty("lastName")
  })

  describe("welcome message", () => {
    const subscribed = { email_marketing_consent: true }
    const welcome = { ...config, sendWelcomeMessage: true }

    const first = { contactExists: false, firstContact: true }
    // Registered now, with consent: the subscription is new.
    const newcomer = (metadata: Record<string, unknown>) => customer({ metadata, created_at: NOW, updated_at: NOW })

    it("is requested when the contact is created subscribed for the first time, with consent given now", () => {
      const result = mapped(mapCustomerToContact(newcomer(subscribed), welcome, first, NOW))
      expect(result.contact.identifiers[0].sendWelcomeMessage).toBe(true)
    })

    it("is not requested for an old customer's consent reaching Omnisend for the first time", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: subscribed }), welcome, first, NOW))
      expect(result.contact.identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    })

    it("is not requested on a re-create or an email change (a contact was sent before)", () => {
      const result = mapped(mapCustomerToContact(newcomer(subscribed), welcome, create, NOW))
      expect(result.contact.identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    })

    it("is not requested when not configured", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: subscribed }), config, create, NOW))
      expect(result.contact.identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    })

    it("is not requested when not subscribed", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: { email_marketing_consent: false } }), welcome, create, NOW))
      expect(result.contact.identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    })

    it("is not requested on update", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: subscribed }), welcome, { contactExists: true }, NOW))
      expect(result.contact.identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    })
  })

  describe("birthdate and gender", () => {
    it("leaves out invalid values with warnings that do not repeat them", () => {
      const metadata = { birthday: "2030-01-01", gender: "unknown" }
      const result = mapped(mapCustomerToContact(customer({ metadata }), config, create, NOW))
      expect(result.contact).not.toHaveProperty("birthdate")
      expect(result.contact).not.toHaveProperty("gender")
      expect(result.warnings.map((warning) => warning.code)).toEqual(["invalid_birthdate", "invalid_gender"])
      expect(JSON.stringify(result.warnings)).not.toContain("2030-01-01")
    })

    it("accepts an ISO date-time birthdate by its date part", () => {
      const metadata = { birthday: "1997-05-02T00:00:00.000Z", gender: "male" }
      const result = mapped(mapCustomerToContact(customer({ metadata }), config, create, NOW))
      expect(result.contact.birthdate).toBe("1997-05-02")
      expect(result.contact.gender).toBe("m")
    })

    it("reads neither when no key is configured", () => {
      const bare = { ...config, birthdateKey: undefined, genderKey: undefined }
      const metadata = { birthday: "1997-05-02", gender: "f" }
      const result = mapped(mapCustomerToContact(customer({ metadata }), bare, create, NOW))
      expect(result.contact).not.toHaveProperty("birthdate")
      expect(result.contact).not.toHaveProperty("gender")
    })
  })

  it("warns when tags are cut at 100", () => {
    const groups = Array.from({ length: 105 }, (_, index) => ({ name: `g${index}` }))
    const result = mapped(mapCustomerToContact(customer({ groups }), config, create, NOW))
    expect(result.contact.tags).toHaveLength(100)
    expect(result.warnings).toEqual([expect.objectContaining({ code: "tags_truncated" })])
  })

  it("passes custom property warnings through", () => {
    const result = mapped(mapCustomerToContact(customer({ metadata: { shoeSize: { eu: 42 } } }), config, create, NOW))
    expect(result.warnings.map((warning) => warning.code)).toEqual(["custom_property_unsupported_value"])
  })

  it("does not read configured keys from Object.prototype", () => {
    const odd = { ...config, genderKey: "constructor", consentKeys: { ...DEFAULT_CONSENT_KEYS, email: "toString" } }
    const result = mapped(mapCustomerToContact(customer({ metadata: {} }), odd, create, NOW))
    expect(result.contact).not.toHaveProperty("gender")
    expect(result.warnings).toEqual([])
    expect(result.contact.identifiers[0].channels.email?.status).toBe("nonSubscribed")
  })

  describe("snapshot", () => {
    it("holds profile, identifier ids and statuses, but no status dates", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: { email_marketing_consent: true } }), config, create, NOW))
      expect(result.snapshot).toEqual({
        email: { id: "jane@example.com", status: "subscribed" },
        phone: { id: "+442079460958", status: "nonSubscribed" },
        profile: {
          firstName: "Jane",
          lastName: "Doe",
          address: "Westminster",
          city: "London",
          postalCode: "SW1A 1AA",
          countryCode: "GB",
          country: "United Kingdom",
          createdAt: "2024-02-29T10:07:28.000Z",
        },
        tags: ["Wholesale", "source: medusa", "vip"],
        customProperties: { medusa_customer_id: "cus_1" },
      })
      expect(JSON.stringify(result.snapshot)).not.toContain(NOW.toISOString())
      expect(JSON.parse(JSON.stringify(result.snapshot))).toEqual(result.snapshot)
    })

    it("does not share arrays with the contact", () => {
      const result = mapped(mapCustomerToContact(customer({ metadata: { shoeSize: ["a"] } }), config, create, NOW))
      result.contact.tags?.push("later")
      ;(result.contact.customProperties?.shoeSize as string[]).push("b")
      expect(result.snapshot.tags).not.toContain("later")
      expect(result.snapshot.customProperties.shoeSize).toEqual(["a"])
    })
  })

  describe("consent memory", () => {
    it("is returned for both channels and keeps the first-seen date on the next sync", () => {
      const metadata = { email_marketing_consent: true }
      const first = mapped(mapCustomerToContact(customer({ metadata }), config, create, NOW))
      expect(first.consent.email).toMatchObject({ evidence: true, evidenceAt: "2024-02-29T10:07:28.000Z", sentStatus: "subscribed" })
      expect(first.consent.sms).toMatchObject({ evidence: null, sentStatus: "nonSubscribed", sentIdentifier: "+442079460958" })

      const later = new Date("2025-07-01T00:00:00.000Z")
      const second = mapped(
        mapCustomerToContact(customer({ metadata, first_name: "Janet" }), config, { consent: first.consent, contactExists: true }, later)
      )
      expect(second.decisions.email.send).toBe(false)
      expect(second.decisions.sms.send).toBe(false)
      expect(second.contact.identifiers[0].channels.email?.statusDate).toBe("2024-02-29T10:07:28.000Z")
      expect(second.consent).toEqual(first.consent)
    })

    it("never dates an old undated consent by a later save: an unsubscribe made in Omnisend since still wins", () => {
      // Consented at registration (no date kept), unsubscribed through an Omnisend email in 2025,
      // edited the profile in March 2026: the first sync the plugin makes dates the consent at the
      // customer's creation, older than the unsubscribe.
      const old = customer({ metadata: { email_marketing_consent: true }, updated_at: "2026-03-01T00:00:00.000Z" })
      const firstSync = mapped(mapCustomerToContact(old, config, create, new Date("2026-03-02T00:00:00.000Z")))
      expect(firstSync.decisions.email).toEqual(
        expect.objectContaining({ status: "subscribed", statusDate: "2024-02-29T10:07:28.000Z" })
      )
      expect(Date.parse(firstSync.decisions.email.statusDate)).toBeLessThan(Date.parse("2025-06-01T00:00:00Z"))
    })

    it("dates a consent change the plugin sees happen at the save that made it, so a store opt-out today wins", () => {
      const before = mapped(mapCustomerToContact(customer({ metadata: { email_marketing_consent: true } }), config, create, NOW))
      const changedAt = "2025-08-01T10:00:00.000Z"
      const optOut = mapped(
        mapCustomerToContact(
          customer({ metadata: { email_marketing_consent: false }, updated_at: changedAt }),
          config,
          { consent: before.consent, contactExists: true },
          new Date("2025-08-01T10:00:05.000Z")
        )
      )
      expect(optOut.decisions.email).toEqual(
        expect.objectContaining({ status: "unsubscribed", statusDate: changedAt, send: true })
      )
    })
  })
})
