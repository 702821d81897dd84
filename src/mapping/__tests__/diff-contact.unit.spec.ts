import { patchContactRequestSchema } from "../../modules/omnisend/client/schemas"
import type { ContactSnapshot } from "../contact-snapshot"
import { DEFAULT_CONSENT_KEYS, type ContactMappingConfig } from "../contact-mapping-config"
import { diffContact } from "../diff-contact"
import { emailChanged } from "../email-changed"
import { hashSnapshot } from "../hash-snapshot"
import { mapCustomerToContact, type ContactLedgerView, type MappedContact } from "../map-customer-to-contact"
import type { MedusaCustomerInput } from "../medusa-customer-input"

const T1 = new Date("2025-01-10T09:00:00.000Z")
const T2 = new Date("2025-02-20T15:30:00.000Z")

const config: ContactMappingConfig = {
  tags: [],
  customPropertyKeys: ["shoeSize", "colours"],
  consentKeys: DEFAULT_CONSENT_KEYS,
  birthdateKey: "birthday",
  sendWelcomeMessage: true,
}

function customer(overrides: Partial<MedusaCustomerInput> = {}): MedusaCustomerInput {
  return {
    id: "cus_1",
    email: "jane@example.com",
    first_name: "Jane",
    last_name: "Doe",
    phone: null,
    metadata: { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02" },
    created_at: "2024-02-29T10:07:28.000Z",
    addresses: [
      {
        id: "addr_1",
        address_1: "Westminster",
        address_2: null,
        city: "London",
        province: null,
        postal_code: "SW1A 1AA",
        country_code: "GB",
        phone: null,
        created_at: "2024-02-29T10:07:28.000Z",
      },
    ],
    groups: [{ name: "Retail" }],
    ...overrides,
  }
}

function map(input: MedusaCustomerInput, ledger: ContactLedgerView, now: Date): MappedContact {
  const result = mapCustomerToContact(input, config, ledger, now)
  if (!result.ok) {
    throw new Error(result.reason)
  }
  return result
}

// The state after a first successful create, as the workflow would store it.
const created = map(customer(), { contactExists: false }, T1)
const ledger: ContactLedgerView = { consent: created.consent, contactExists: true }

function diffAfter(changes: Partial<MedusaCustomerInput>) {
  const next = map(customer(changes), ledger, T2)
  return diffContact(created.snapshot, next, next.decisions)
}

describe("diffContact", () => {
  it("returns null when nothing Omnisend would see changed", () => {
    expect(diffAfter({})).toBeNull()
  })

  it("ignores changes Omnisend does not see (unlisted metadata, case of email)", () => {
    const metadata = { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02", internal_note: "x" }
    expect(diffAfter({ metadata, email: " JANE@example.com" })).toBeNull()
  })

  it("sends only the field that changed", () => {
    expect(diffAfter({ first_name: "Janet" })).toEqual({ firstName: "Janet" })
  })

  it("clears a free-text field with an empty string, and never sends the empty birthdate Omnisend refuses", () => {
    const patch = diffAfter({ last_name: null, metadata: { shoeSize: 42, colours: ["blue"] } })
    expect(patch).toEqual({ lastName: "" })
    expect(patchContactRequestSchema.safeParse(patch).success).toBe(true)
  })

  it("clears the address text when the address is gone, and leaves the country code (no empty value exists)", () => {
    const patch = diffAfter({ addresses: [] })
    expect(patch).toEqual({
      address: "",
      city: "",
      postalCode: "",
      country: "",
    })
    expect(patchContactRequestSchema.safeParse(patch).success).toBe(true)
  })

  it("sends nothing for a cleared gender, birthdate or country code alone", () => {
    expect(diffAfter({ metadata: { shoeSize: 42, colours: ["blue"] } })).toBeNull()
  })

  it("sends the full tag list when the set changed", () => {
    expect(diffAfter({ groups: [{ name: "Retail" }, { name: "VIP" }] })).toEqual({
      tags: ["source: medusa", "Retail", "VIP"],
    })
    expect(diffAfter({ groups: [] })).toEqual({ tags: ["source: medusa"] })
  })

  it("sends every owned custom property when one changed (right whether PATCH replaces or merges them)", () => {
    const owned = { medusa_customer_id: "cus_1" }
    expect(diffAfter({ metadata: { shoeSize: 43, colours: ["blue"], birthday: "1997-05-02" } })).toEqual({
      customProperties: { ...owned, shoeSize: 43, colours: ["blue"] },
    })
    expect(diffAfter({ metadata: { shoeSize: 42, colours: ["blue", "red"], birthday: "1997-05-02" } })).toEqual({
      customProperties: { ...owned, shoeSize: 42, colours: ["blue", "red"] },
    })
    expect(diffAfter({ metadata: { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02" } })).toBeNull()
    // A removed property alone is left in Omnisend: no call.
    expect(diffAfter({ metadata: { colours: ["blue"], birthday: "1997-05-02" } })).toBeNull()
  })

  it("adds a new phone identifier with its sms channel even without SMS consent", () => {
    const patch = diffAfter({ phone: "020 7946 0958" })
    expect(patch).toEqual({
      identifiers: [
        {
          type: "phone",
          id: "+442079460958",
          channels: { sms: { status: "nonSubscribed", statusDate: "1970-01-01T00:00:00.000Z" } },
        },
      ],
    })
    expect(patchContactRequestSchema.safeParse(patch).success).toBe(true)
  })

  it("sends a new phone with its SMS consent", () => {
    const patch = diffAfter({
      phone: "+44 20 7946 0958",
      metadata: { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02", sms_marketing_consent: true },
    })
    expect(patch?.identifiers).toEqual([
      { type: "phone", id: "+442079460958", channels: { sms: { status: "subscribed", statusDate: T2.toISOString() } } },
    ])
  })

  it("sends the email identifier only when its consent decision says so, never with a welcome message", () => {
    const metadata = { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02", email_marketing_consent: "true" }
    const patch = diffAfter({ metadata })
    expect(patch).toEqual({
      identifiers: [
        { type: "email", id: "jane@example.com", channels: { email: { status: "subscribed", statusDate: T2.toISOString() } } },
      ],
    })
  })

  it("sends no identifiers when an unchanged consent is seen again", () => {
    const metadata = { shoeSize: 42, colours: ["blue"], birthday: "1997-05-02", email_marketing_consent: true }
    const subscribed = map(customer({ metadata }), { contactExists: false }, T1)
    const next = map(customer({ metadata, first_name: "Janet" }), { consent: subscribed.consent, contactExists: true }, T2)
    expect(diffContact(subscribed.snapshot, next, next.decisions)).toEqual({ firstName: "Janet" })
  })

  it("sends everything known when there is no previous snapshot", () => {
    const next = map(customer(), ledger, T2)
    const patch = diffContact(null, next, next.decisions)
    expect(patch).toEqual({
      firstName: "Jane",
      lastName: "Doe",
      address: "Westminster",
      city: "London",
      postalCode: "SW1A 1AA",
      countryCode: "GB",
      country: "United Kingdom",
      birthdate: "1997-05-02",
      createdAt: "2024-02-29T10:07:28.000Z",
      tags: ["source: medusa", "Retail"],
      customProperties: { shoeSize: 42, colours: ["blue"], medusa_customer_id: "cus_1" },
    })
  })

  it("refuses to patch across an email change", () => {
    const next = map(customer({ email: "jane.doe@example.com" }), ledger, T2)
    expect(() => diffContact(created.snapshot, next, next.decisions)).toThrow(/email changed/)
  })
})

describe("emailChanged", () => {
  it("is true only when a previous snapshot had another email", () => {
    const same = map(customer({ email: "JANE@example.com" }), ledger, T2)
    const other = map(customer({ email: "jane.doe@example.com" }), ledger, T2)
    expect(emailChanged(created.snapshot, same)).toBe(false)
    expect(emailChanged(created.snapshot, other)).toBe(true)
    expect(emailChanged(null, other)).toBe(false)
  })
})

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value) || value === null || typeof value !== "object") {
    return value
  }
  const record = value as Record<string, unknown>
  return Object.fromEntries(Object.keys(record).reverse().map((key) => [key, reverseKeys(record[key])]))
}

describe("hashSnapshot", () => {
  it("is a sha256 hex digest that does not depend on key order or status dates", () => {
    const hash = hashSnapshot(created.snapshot)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hashSnapshot(reverseKeys(created.snapshot) as ContactSnapshot)).toBe(hash)
    expect(hashSnapshot(map(customer(), ledger, T2).snapshot)).toBe(hash)
  })

  it("changes when something Omnisend sees changes", () => {
    expect(hashSnapshot(map(customer({ first_name: "Janet" }), ledger, T2).snapshot)).not.toBe(hashSnapshot(created.snapshot))
  })
})
