import type { MedusaAddressInput } from "../medusa-customer-input"
import { pickContactAddress } from "../pick-contact-address"

function address(overrides: Partial<MedusaAddressInput>): MedusaAddressInput {
  return {
    id: "addr",
    address_1: null,
    address_2: null,
    city: null,
    province: null,
    postal_code: null,
    country_code: null,
    phone: null,
    created_at: "2024-01-01T00:00:00.000Z",
    ...overrides,
  }
}

describe("pickContactAddress", () => {
  it("returns null without addresses", () => {
    expect(pickContactAddress(null)).toBeNull()
    expect(pickContactAddress(undefined)).toBeNull()
    expect(pickContactAddress([])).toBeNull()
  })

  it("prefers the default billing address over default shipping and newer ones", () => {
    const picked = pickContactAddress([
      address({ id: "newest", created_at: "2024-05-01T00:00:00.000Z" }),
      address({ id: "shipping", is_default_shipping: true, created_at: "2024-03-01T00:00:00.000Z" }),
      address({ id: "billing", is_default_billing: true, created_at: "2024-02-01T00:00:00.000Z" }),
    ])
    expect(picked?.source.id).toBe("billing")
  })

  it("falls back to the default shipping address", () => {
    const picked = pickContactAddress([
      address({ id: "newest", created_at: "2024-05-01T00:00:00.000Z" }),
      address({ id: "shipping", is_default_shipping: true, created_at: "2024-03-01T00:00:00.000Z" }),
    ])
    expect(picked?.source.id).toBe("shipping")
  })

  it("falls back to the latest address by created_at (Date or string)", () => {
    const picked = pickContactAddress([
      address({ id: "old", created_at: "2023-01-01T00:00:00.000Z" }),
      address({ id: "latest", created_at: new Date("2024-06-01T00:00:00.000Z") }),
      address({ id: "middle", created_at: "2024-01-01T00:00:00.000Z" }),
    ])
    expect(picked?.source.id).toBe("latest")
  })

  it("breaks created_at ties deterministically", () => {
    const a = address({ id: "a", updated_at: "2024-01-02T00:00:00.000Z" })
    const b = address({ id: "b", updated_at: "2024-01-03T00:00:00.000Z" })
    expect(pickContactAddress([a, b])?.source.id).toBe("b")
    expect(pickContactAddress([b, a])?.source.id).toBe("b")
    const c = address({ id: "c" })
    const d = address({ id: "d" })
    expect(pickContactAddress([d, c])?.source.id).toBe(pickContactAddress([c, d])?.source.id)
  })

  it("maps the fields Omnisend knows, with the English country name", () => {
    const picked = pickContactAddress([
      address({
        address_1: " 10 Downing Street ",
        address_2: "Flat 1",
        city: " London ",
        province: "Greater London",
        postal_code: "SW1A 2AA",
        country_code: "gb",
      }),
    ])
    expect(picked?.fields).toEqual({
      address: "10 Downing Street, Flat 1",
      city: "London",
      state: "Greater London",
      postalCode: "SW1A 2AA",
      countryCode: "GB",
      country: "United Kingdom",
    })
  })

  it("omits empty fields and joins only the street lines present", () => {
    const picked = pickContactAddress([address({ address_1: "  ", address_2: "Flat 1", city: "", country_code: null })])
    expect(picked?.fields).toEqual({ address: "Flat 1" })
  })

  it("omits a country code that is not two letters", () => {
    expect(pickContactAddress([address({ country_code: "GBR" })])?.fields).toEqual({})
    expect(pickContactAddress([address({ country_code: "1A" })])?.fields).toEqual({})
  })

  it("keeps a two-letter code without inventing a name Intl does not know", () => {
    expect(pickContactAddress([address({ country_code: "xx" })])?.fields).toEqual({ countryCode: "XX" })
  })
})
