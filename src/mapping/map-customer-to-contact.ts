import { maskEmail } from "../modules/omnisend/client/mask-pii"
import type { ContactIdentifier, CreateContactRequest } from "../modules/omnisend/client/schemas"
import { buildContactTags, MAX_CONTACT_TAGS } from "./build-contact-tags"
import type { ContactSnapshot, SnapshotProfile } from "./contact-snapshot"
import type { ContactMappingConfig } from "./contact-mapping-config"
import type { LedgerConsentState } from "./ledger-consent-state"
import type { MappingWarning } from "./mapping-warning"
import type { MedusaCustomerInput } from "./medusa-customer-input"
import { normalizeEmail } from "./normalize-email"
import { normalizePhone } from "./normalize-phone"
import { parseBirthdate } from "./parse-birthdate"
import { parseGender } from "./parse-gender"
import { contactAddressFields, pickContactAddress } from "./pick-contact-address"
import { purchaseHistoryProperties } from "./purchase-history-properties"
import type { ChannelConsentDecision } from "./resolve-channel-consent"
import { resolveConsentWithCheckout } from "./resolve-checkout-consent"
import { sanitizeCustomProperties } from "./sanitize-custom-properties"

/** What the ledger knows about the customer before this sync. */
export interface ContactLedgerView {
  consent?: LedgerConsentState
  /** The ledger holds an Omnisend contact id: this sync is an update. */
  contactExists: boolean
  /**
   * No contact was ever sent for this customer (no contact id, nothing last sent): only then may
   * Omnisend's welcome message be asked for. Never on a re-create, an email change or a backfill.
   */
  firstContact?: boolean
}

// Omnisend's welcome message greets a new subscriber: only for consent given now, not for an old
// customer whose consent (dated at their creation) reaches Omnisend for the first time.
const WELCOME_CONSENT_MAX_AGE_MS = 24 * 60 * 60 * 1000

export interface ConsentDecisions {
  email: ChannelConsentDecision
  /** Decided even without a phone (send is then false) so the evidence is remembered. */
  sms: ChannelConsentDecision
}

export interface MappedContact {
  ok: true
  /** The address the location fields came from (null when none): the ledger watches it. */
  addressId: string | null
  /** The full contact, as for a create. Use diffContact for an update. */
  contact: CreateContactRequest
  snapshot: ContactSnapshot
  decisions: ConsentDecisions
  /** Consent memory for the ledger, to store once the sync succeeded. */
  consent: LedgerConsentState
  warnings: MappingWarning[]
}

export type MapCustomerResult = MappedContact | { ok: false; reason: string }

function trimmed(value: string | null): string | undefined {
  const text = value?.trim()
  return text ? text : undefined
}

function isoDate(value: string | Date): string | undefined {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

// Own keys only: a configured key such as "constructor" must not read Object.prototype.
function readMetadata(metadata: Record<string, unknown> | null, key: string): unknown {
  return metadata && Object.prototype.hasOwnProperty.call(metadata, key) ? metadata[key] : undefined
}

function withoutUndefined(profile: SnapshotProfile): SnapshotProfile {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined))
}

/**
 * Turns a Medusa customer into the Omnisend contact it should be. Pure: the ledger view and `now`
 * come in, nothing is read or written. Values that are missing or invalid are left out, never invented.
 */
export function mapCustomerToContact(
  customer: MedusaCustomerInput,
  config: ContactMappingConfig,
  ledger: ContactLedgerView,
  now: Date
): MapCustomerResult {
  const email = normalizeEmail(customer.email)
  if (email === null) {
    const raw = customer.email?.trim()
    const reason = raw ? `email ${maskEmail(raw)} is not a valid email address` : "customer has no email"
    return { ok: false, reason }
  }

  const warnings: MappingWarning[] = []
  const metadata = customer.metadata
  const orders = customer.orders ?? null
  // What the customer record holds wins; a guest's (or an empty profile's) details come from their
  // latest order: its billing address, else its shipping address.
  const orderAddress = orders?.address ?? null
  const ownAddress = pickContactAddress(customer.addresses)
  const address = ownAddress ?? (orderAddress ? { source: orderAddress, fields: contactAddressFields(orderAddress) } : null)

  // Only the customer's own phone carries their SMS consent. A customer address phone may be someone
  // else's (a gift recipient): it is sent only when the merchant asks, and never with SMS consent.
  // An order's phone is the one the buyer gave at checkout; it carries SMS consent only when that
  // checkout stated it. An invalid own phone is dropped, not swapped for another phone.
  const customerPhone = trimmed(customer.phone)
  const ownPhone = customerPhone !== undefined
  const orderPhone = trimmed(orderAddress?.phone ?? null)
  const addressPhone = config.sendAddressPhone ? ownAddress?.source.phone : undefined
  const phoneCandidate = customerPhone ?? orderPhone ?? addressPhone ?? undefined
  const phoneCountry = ownPhone ? address?.source.country_code : orderPhone ? orderAddress?.country_code : address?.source.country_code
  const phoneResult = normalizePhone(phoneCandidate, phoneCountry)
  // Without any phone the evidence is still remembered, for the day the customer adds their own.
  const smsConsentApplies = ownPhone || phoneResult.phone === null
  if (phoneResult.phone === null && phoneResult.reason) {
    warnings.push({ code: "invalid_phone", message: `${phoneResult.reason}; phone left out` })
  }
  const phone = phoneResult.phone
  const checkoutSms = orders?.sms_consent ?? null
  const checkoutSmsPhone = checkoutSms ? normalizePhone(trimmed(checkoutSms.phone ?? null), checkoutSms.country_code).phone : null
  const checkoutSmsApplies = phone !== null && checkoutSmsPhone === phone

  const { consentKeys } = config
  const seenAt = customer.updated_at ? new Date(customer.updated_at) : undefined
  const customerCreatedAt = new Date(customer.created_at)
  const emailDecision = resolveConsentWithCheckout(
    {
      value: readMetadata(metadata, consentKeys.email),
      valueAt: readMetadata(metadata, consentKeys.emailAt),
      memory: ledger.consent?.email,
      identifier: email,
      contactExists: ledger.contactExists,
      now,
      seenAt,
      createdAt: customerCreatedAt,
    },
    orders?.email_consent ?? null
  )
  const smsDecision = resolveConsentWithCheckout(
    {
      value: smsConsentApplies ? readMetadata(metadata, consentKeys.sms) : undefined,
      valueAt: smsConsentApplies ? readMetadata(metadata, consentKeys.smsAt) : undefined,
      memory: ledger.consent?.sms,
      identifier: phone,
      contactExists: ledger.contactExists,
      now,
      seenAt,
      createdAt: customerCreatedAt,
    },
    checkoutSmsApplies ? checkoutSms : null
  )

  const emailIdentifier: ContactIdentifier = {
    type: "email",
    id: email,
    channels: { email: { status: emailDecision.status, statusDate: emailDecision.statusDate } },
  }
  const consentIsNew = now.getTime() - Date.parse(emailDecision.statusDate) <= WELCOME_CONSENT_MAX_AGE_MS
  if (config.sendWelcomeMessage && emailDecision.status === "subscribed" && ledger.firstContact && consentIsNew) {
    emailIdentifier.sendWelcomeMessage = true
  }
  const identifiers: ContactIdentifier[] = [emailIdentifier]
  if (phone !== null) {
    identifiers.push({
      type: "phone",
      id: phone,
      channels: { sms: { status: smsDecision.status, statusDate: smsDecision.statusDate } },
    })
  }

  const birthdate = config.birthdateKey
    ? parseBirthdate(readMetadata(metadata, config.birthdateKey), now)
    : undefined
  if (birthdate && !birthdate.ok) {
    warnings.push({
      code: "invalid_birthdate",
      message: `metadata "${config.birthdateKey}" is not a real past date (YYYY-MM-DD); birthdate left out`,
    })
  }
  const gender = config.genderKey ? parseGender(readMetadata(metadata, config.genderKey)) : undefined
  if (gender && !gender.ok) {
    warnings.push({
      code: "invalid_gender",
      message: `metadata "${config.genderKey}" is not one of m, f, male, female; gender left out`,
    })
  }
  const createdAt = isoDate(customer.created_at)
  if (createdAt === undefined) {
    warnings.push({ code: "invalid_created_at", message: "customer created_at is not a valid date; left out" })
  }

  // A name comes whole from one person: the customer's, else the order's billing (or shipping) name.
  const ownName = trimmed(customer.first_name) !== undefined || trimmed(customer.last_name) !== undefined
  const nameSource = ownName ? customer : orderAddress ?? customer
  const profile = withoutUndefined({
    firstName: trimmed(nameSource.first_name),
    lastName: trimmed(nameSource.last_name),
    ...address?.fields,
    birthdate: birthdate?.ok ? birthdate.birthdate ?? undefined : undefined,
    gender: gender?.ok ? gender.gender ?? undefined : undefined,
    createdAt,
  })

  const { tags, dropped } = buildContactTags(
    config.tags,
    (customer.groups ?? []).map((group) => group.name)
  )
  if (dropped > 0) {
    warnings.push({
      code: "tags_truncated",
      message: `${dropped} tag(s) left out: Omnisend accepts at most ${MAX_CONTACT_TAGS}`,
    })
  }

  const properties = sanitizeCustomProperties(metadata, config.customPropertyKeys, customer.id)
  warnings.push(...properties.warnings)
  const customProperties = orders
    ? { ...properties.customProperties, ...purchaseHistoryProperties(orders.history) }
    : properties.customProperties

  const snapshot: ContactSnapshot = {
    email: { id: email, status: emailDecision.status },
    phone: phone === null ? null : { id: phone, status: smsDecision.status },
    profile: { ...profile },
    tags: [...tags].sort(),
    customProperties: structuredClone(customProperties),
  }

  return {
    ok: true,
    addressId: address?.source.id ?? null,
    contact: { identifiers, ...profile, tags, customProperties },
    snapshot,
    decisions: { email: emailDecision, sms: smsDecision },
    consent: { email: emailDecision.memory, sms: smsDecision.memory },
    warnings,
  }
}
