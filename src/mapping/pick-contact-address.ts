import type { MedusaAddressInput } from "./medusa-customer-input"

/** The Omnisend profile fields that come from an address; empty ones are left out. */
export interface ContactAddressFields {
  address?: string
  city?: string
  state?: string
  postalCode?: string
  countryCode?: string
  country?: string
}

export interface PickedContactAddress {
  /** The chosen address (its phone and country feed phone normalisation). */
  source: Pick<MedusaAddressInput, "id" | "phone" | "country_code"> & AddressParts
  fields: ContactAddressFields
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" })
// Intl's look-up costs more than the rest of an address put together, and there are few countries.
const countryNames = new Map<string, string | undefined>()

function countryName(code: string): string | undefined {
  if (!countryNames.has(code)) {
    countryNames.set(code, regionNames.of(code))
  }
  return countryNames.get(code)
}

function time(value: string | Date | undefined): number {
  const ms = value === undefined ? Number.NaN : new Date(value).getTime()
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

// Latest created first; updated_at then id break ties so the same data always picks the same address.
function compareLatestFirst(a: MedusaAddressInput, b: MedusaAddressInput): number {
  return (
    time(b.created_at) - time(a.created_at) ||
    time(b.updated_at) - time(a.updated_at) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

function latest(addresses: MedusaAddressInput[]): MedusaAddressInput | undefined {
  return [...addresses].sort(compareLatestFirst)[0]
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

type AddressParts = Pick<MedusaAddressInput, "address_1" | "address_2" | "city" | "province" | "postal_code" | "country_code">

/** The contact's location fields from any address (a customer's or an order's). */
export function contactAddressFields(address: AddressParts): ContactAddressFields {
  const street = [text(address.address_1), text(address.address_2)]
    .filter((part) => part !== undefined)
    .join(", ")
  const code = text(address.country_code)?.toUpperCase()
  const countryCode = code && /^[A-Z]{2}$/.test(code) ? code : undefined
  const fields: ContactAddressFields = {
    address: street || undefined,
    city: text(address.city),
    state: text(address.province),
    postalCode: text(address.postal_code),
    countryCode,
    country: countryCode ? countryName(countryCode) : undefined,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

/** The default billing address, else the default shipping address, else the latest one. */
export function pickContactAddress(
  addresses: MedusaAddressInput[] | null | undefined
): PickedContactAddress | null {
  const all = addresses ?? []
  const source =
    latest(all.filter((address) => address.is_default_billing)) ??
    latest(all.filter((address) => address.is_default_shipping)) ??
    latest(all)
  return source ? { source, fields: contactAddressFields(source) } : null
}
