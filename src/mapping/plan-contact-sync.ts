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
  /** OMNISEND_CONTACT_DELETED when Omnisend answered 404 for the contact: it is left deleted. */
  last_error_code?: string | null
}

/** The ledger's mark for a contact deleted in Omnisend; only the merchant's Re-create lifts it. */
export const CONTACT_DELETED_IN_OMNISEND = "OMNISEND_CONTACT_DELETED"

/** Omnisend has one contact per email: a registered customer's data and consent win over a guest's. */
export const GUEST_SHARES_CONTACT_REASON =
  "a registered customer with the same email owns this Omnisend contact: their data and consent are sent, not this guest's"

export const CONTACT_DELETED_REASON =
  "The contact was deleted in Omnisend (for example to honour an erasure request), so it is not " +
  "created again automatically. Use Re-create on the customer's Omnisend card to create it again."

export type ContactSyncPlan =
  /**
   * Nothing Omnisend would see has changed: no call at all. The contact id is null for a contact a
   * batch created: Omnisend reports ids per item only for failed items, so it is learned later.
   */
  | { action: "none"; contactId: string | null; mapped: MappedContact }
  /** The customer cannot become a contact (e.g. no valid email): recorded, never sent. */
  | { action: "skip"; reason: string }
  /** The contact was deleted in Omnisend: nothing is sent, and the ledger keeps saying so. */
  | { action: "held"; reason: string }
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
      /** The whole contact, for a batch (a batch item is a POST, which upserts by email). */
      whole: { body: CreateContactRequest; mapped: MappedContact }
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
  if (ledger?.last_error_code === CONTACT_DELETED_IN_OMNISEND) {
    return { action: "held", reason: CONTACT_DELETED_REASON }
  }

  // A status sent before (kept in the consent memory) means a contact existed: e.g. a re-create.
  const firstContact = contactId === null && !ledger?.last_sent && !consent?.email?.sentStatus
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
    whole: { body: asCreate.contact, mapped: asCreate },
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
