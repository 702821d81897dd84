import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max"
import { maskPhone } from "../modules/omnisend/client/mask-pii"

/** `phone: null` without a reason means the customer gave no phone at all. */
export type NormalizedPhone = { phone: string } | { phone: null; reason?: string }

/**
 * Turns a phone as typed by a customer into E.164, which Omnisend requires. A national number is
 * read in the address country; without one, only an international number can be understood.
 * The full ("max") metadata is used so that isValid() checks the digits, not only the length:
 * an SMS consent must never be attached to a number we guessed.
 */
export function normalizePhone(
  raw: string | null | undefined,
  countryCode?: string | null
): NormalizedPhone {
  const input = raw?.trim() ?? ""
  if (input === "") {
    return { phone: null }
  }
  const country = countryCode?.trim().toUpperCase()
  const defaultCountry = country && isSupportedCountry(country) ? country : undefined
  const parsed = parsePhoneNumberFromString(input, defaultCountry)
  if (parsed?.isValid()) {
    return { phone: parsed.number }
  }
  const context = defaultCountry
    ? `for country ${defaultCountry}`
    : "without a country code or a known address country"
  return { phone: null, reason: `phone ${maskPhone(input)} is not a valid phone number ${context}` }
}
