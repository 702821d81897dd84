import {
  hashSnapshot,
  normalizeEmail,
  resolveChannelConsent,
  type ChannelConsentMemory,
  type ConsentKeys,
  type ContactSnapshot,
  type LedgerConsentState,
} from "../../mapping"
import type { OmnisendUnsubscribe } from "./omnisend-unsubscribe"

/** What the plan reads of one customer. */
export interface UnsubscribeCustomer {
  id: string
  email: string | null
  metadata: Record<string, unknown> | null
  updated_at: string | Date
}

/** What the plan reads of the customer's ledger entry (null when the customer was never synced). */
export interface UnsubscribeLedgerView {
  contact_id: string | null
  email: string | null
  last_sent: ContactSnapshot | null
  consent: LedgerConsentState | null
}

/** Ledger columns to write so the next sync knows Omnisend already holds the unsubscribe. */
export interface UnsubscribeLedgerChanges {
  consent: LedgerConsentState
  contact_id: string | null
  email: string
  last_sent: ContactSnapshot | null
  last_sent_hash: string | null
}

export type KeepReason = "email_changed" | "already_unsubscribed" | "store_consent_newer"

export type CustomerUnsubscribePlan =
  | { action: "apply"; metadata: Record<string, unknown>; ledger: UnsubscribeLedgerChanges }
  | { action: "keep"; reason: KeepReason }

// Own keys only, as the mapping reads metadata.
function readMetadata(metadata: Record<string, unknown> | null, key: string): unknown {
  return metadata && Object.prototype.hasOwnProperty.call(metadata, key) ? metadata[key] : undefined
}

/**
 * Decides whether an unsubscribe made in Omnisend is written into one customer's consent metadata.
 * The store's consent is dated the way a sync would date it (resolveChannelConsent: the metadata
 * date, else when the plugin first saw it, else the customer's last save): only an Omnisend
 * unsubscribe strictly newer than that replaces it, so an opt-in given in the store later is kept
 * (and its next sync wins in Omnisend too, being the latest). Pure.
 */
export function planCustomerUnsubscribe(
  unsubscribe: OmnisendUnsubscribe,
  customer: UnsubscribeCustomer,
  ledger: UnsubscribeLedgerView | null,
  consentKeys: ConsentKeys,
  now: Date
): CustomerUnsubscribePlan {
  if (normalizeEmail(customer.email) !== unsubscribe.email) {
    return { action: "keep", reason: "email_changed" }
  }
  const store = resolveChannelConsent({
    value: readMetadata(customer.metadata, consentKeys.email),
    valueAt: readMetadata(customer.metadata, consentKeys.emailAt),
    memory: ledger?.consent?.email,
    identifier: unsubscribe.email,
    contactExists: true,
    now,
    seenAt: new Date(customer.updated_at),
  })
  if (store.status === "unsubscribed") {
    return { action: "keep", reason: "already_unsubscribed" }
  }
  if (new Date(store.statusDate).getTime() >= new Date(unsubscribe.unsubscribed_at).getTime()) {
    return { action: "keep", reason: "store_consent_newer" }
  }
  return {
    action: "apply",
    metadata: { [consentKeys.email]: false, [consentKeys.emailAt]: unsubscribe.unsubscribed_at },
    ledger: ledgerChanges(unsubscribe, ledger),
  }
}

/**
 * Records the unsubscribe as evidence and as already sent, for this email: resolveChannelConsent
 * then reads the new metadata as "unchanged since the last sync" and sends no email status. The
 * contact id Omnisend listed fills a gap (a never-synced customer, a contact a batch created) only
 * when the ledger follows the same email.
 */
function ledgerChanges(unsubscribe: OmnisendUnsubscribe, ledger: UnsubscribeLedgerView | null): UnsubscribeLedgerChanges {
  const { email, unsubscribed_at: at } = unsubscribe
  const memory: ChannelConsentMemory = {
    evidence: false,
    evidenceAt: at,
    sentStatus: "unsubscribed",
    sentStatusDate: at,
    sentIdentifier: email,
  }
  const sameEmail = ledger?.email === null || ledger?.email === undefined || ledger.email === email
  const sent = ledger?.last_sent ?? null
  const lastSent: ContactSnapshot | null =
    sent && sent.email.id === email ? { ...sent, email: { id: email, status: "unsubscribed" } } : sent
  return {
    consent: { ...ledger?.consent, email: memory },
    contact_id: ledger?.contact_id ?? (sameEmail ? unsubscribe.contact_id : null),
    email: ledger?.email ?? email,
    last_sent: lastSent,
    last_sent_hash: lastSent ? hashSnapshot(lastSent) : null,
  }
}
