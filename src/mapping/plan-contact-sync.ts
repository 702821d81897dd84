import type { CreateContactRequest, PatchContactRequest } from "../modules/omnisend/client/schemas"
import type { ContactMappingConfig } from "./contact-mapping-config"
import type { ContactSnapshot } from "./contact-snapshot"
import { diffContact } from "./diff-contact"
import { emailChanged } from "./email-changed"
import type { LedgerConsentState } from "./ledger-consent-state"
import { mapCustomerToContact, type MappedContact } from "./map-customer-to-contact"
import type { MedusaCustomerInput } from "./medusa-customer-input"

/** What the sync ledger holds for the customer before this sync (null fields when never synced). */
export interface LedgerEntryView {
  contact_id: string | null
  email: string | null
  last_sent: ContactSnapshot | null
  consent: LedgerConsentState | null
}

export type ContactSyncPlan =
  /**
   * Nothing Omnisend would see has changed: no call at all. The contact id is null for a contact a
   * batch created: Omnisend reports ids per item only for failed items, so it is learned later.
   */
  | { action: "none"; contactId: string | null; mapped: MappedContact }
  /** The customer cannot become a contact (e.g. no valid email): recorded, never sent. */
  | { action: "skip"; reason: string }
  | {
      action: "create"
      body: CreateContactRequest
      mapped: MappedContact
      /** Set when the email changed: the contact the customer had before, kept in the ledger's history. */
      replaces: { contact_id: string; email: string | null } | null
    }
  | {
      action: "patch"
      contactId: string
      body: PatchContactRequest
      mapped: MappedContact
      /** Used when Omnisend answers 404 (the contact was removed there): create it again instead. */
      fallback: { body: CreateContactRequest; mapped: MappedContact }
    }

/**
 * Decides what one customer's sync sends: POST for a customer without a contact id (or whose email
 * changed, since PATCH cannot change an email), PATCH with only what changed for the others, and
 * nothing when nothing changed. Pure: the caller reads the customer and the ledger, and sends.
 */
export function planContactSync(
  customer: MedusaCustomerInput,
  ledger: LedgerEntryView | null,
  config: ContactMappingConfig,
  now: Date
): ContactSyncPlan {
  const consent = ledger?.consent ?? undefined
  const contactId = ledger?.contact_id ?? null

  const firstContact = contactId === null && !ledger?.last_sent
  const asCreate = mapCustomerToContact(customer, config, { consent, contactExists: false, firstContact }, now)
  if (!asCreate.ok) {
    return { action: "skip", reason: asCreate.reason }
  }
  const previous = ledger?.last_sent ?? null
  if (contactId === null) {
    return previous === null || emailChanged(previous, asCreate)
      ? { action: "create", body: asCreate.contact, mapped: asCreate, replaces: null }
      : planKnownContactWithoutId(customer, previous, consent, asCreate, config, now)
  }
  if (emailChanged(previous, asCreate)) {
    return {
      action: "create",
      body: asCreate.contact,
      mapped: asCreate,
      replaces: { contact_id: contactId, email: ledger?.email ?? previous?.email.id ?? null },
    }
  }

  const asUpdate = mapCustomerToContact(customer, config, { consent, contactExists: true }, now)
  if (!asUpdate.ok) {
    return { action: "skip", reason: asUpdate.reason }
  }
  const body = diffContact(previous, asUpdate, asUpdate.decisions)
  if (body === null) {
    return { action: "none", contactId, mapped: asUpdate }
  }
  return {
    action: "patch",
    contactId,
    body,
    mapped: asUpdate,
    fallback: { body: asCreate.contact, mapped: asCreate },
  }
}

/**
 * A contact Omnisend accepted (a batch created it) whose id the plugin does not know: unchanged,
 * nothing is sent; changed, the whole contact is POSTed, which upserts by email and answers the id
 * (PATCH would need it). It exists already, so no welcome message is asked for.
 */
function planKnownContactWithoutId(
  customer: MedusaCustomerInput,
  previous: ContactSnapshot,
  consent: LedgerConsentState | undefined,
  asCreate: MappedContact,
  config: ContactMappingConfig,
  now: Date
): ContactSyncPlan {
  const asUpdate = mapCustomerToContact(customer, config, { consent, contactExists: true }, now)
  if (!asUpdate.ok) {
    return { action: "skip", reason: asUpdate.reason }
  }
  if (diffContact(previous, asUpdate, asUpdate.decisions) === null) {
    return { action: "none", contactId: null, mapped: asUpdate }
  }
  const identifiers = asCreate.contact.identifiers.map(({ sendWelcomeMessage: _welcome, ...identifier }) => identifier)
  return { action: "create", body: { ...asCreate.contact, identifiers }, mapped: asCreate, replaces: null }
}
