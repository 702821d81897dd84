import type { ContactStore } from "./contact-store"
import { invalidDataResponse } from "./error-bodies"
import type { EmulatorResponse } from "./http-types"
import { createObjectId } from "./object-ids"
import { setOwnProperty } from "./set-own-property"
import type { Channel, ChannelState, EmulatedContact, IgnoredIdentifier, PatchSemantics } from "./types"
import { PROFILE_FIELDS, type ChannelInput, type ContactInput, type IdentifierInput } from "./validate-contact"

/**
 * Omnisend's write rules for validated contact input: POST upserts by exact email, PATCH edits one
 * known contact, two contacts never share an identifier, the latest statusDate wins, and profile
 * fields merge rather than replace.
 */

export type ContactWriteResult = { ok: true; contact: EmulatedContact } | { ok: false; response: EmulatorResponse }

// ASSUMPTION: a POST to an existing email adds tags and merges customProperties; the reference
// says nothing, and this loses nothing a plugin sent.
const UPSERT_SEMANTICS: Required<PatchSemantics> = { tags: "append", customProperties: "merge" }

/** POST /contacts (and each batch item): create, or update the contact owning the email. */
export function upsertContact(store: ContactStore, input: ContactInput, now: string): ContactWriteResult {
  // REFERENCE: POST /contacts is an upsert keyed by the (case-sensitive) email.
  const email = input.identifiers.find((identifier) => identifier.type === "email")
  const existing = email ? store.findByEmail(email.id) : undefined
  const accepted: IdentifierInput[] = []
  const ignored: IgnoredIdentifier[] = []
  for (const identifier of input.identifiers) {
    // The email is the upsert key, so its owner is the contact being written, never "another".
    const owner = identifier === email ? existing : store.findByIdentifier(identifier.type, identifier.id)
    if (owner && owner !== existing) ignored.push(ownedElsewhere(identifier, owner))
    else accepted.push(identifier)
  }
  // REFERENCE: an identifier owned by another contact is ignored; if it was the only one, nothing is created.
  if (accepted.length === 0) {
    return {
      ok: false,
      response: invalidDataResponse(ignored.map((entry) => `identifiers: ${entry.type} ${entry.id} ${entry.reason}`)),
    }
  }
  const contact = existing ?? createContact(store, input.createdAt ?? now)
  for (const identifier of accepted) applyIdentifier(store, contact, identifier, now)
  auditWelcome(store, contact, accepted, existing !== undefined, "POST")
  recordIgnored(contact, ignored)
  applyProfile(contact, input, now, UPSERT_SEMANTICS)
  return { ok: true, contact }
}

/** PATCH /contacts/{id}: the email can be added but never changed. */
export function patchContact(
  store: ContactStore,
  contact: EmulatedContact,
  input: ContactInput,
  now: string,
  semantics: Required<PatchSemantics>
): EmulatedContact {
  const ignored: IgnoredIdentifier[] = []
  for (const identifier of input.identifiers) {
    const owner = store.findByIdentifier(identifier.type, identifier.id)
    if (owner && owner !== contact) {
      ignored.push(ownedElsewhere(identifier, owner))
    } else if (identifier.type === "email" && contact.email !== undefined && contact.email !== identifier.id) {
      // REFERENCE: the email identifier cannot be changed by PATCH.
      ignored.push({ type: "email", id: identifier.id, reason: "the email identifier cannot be changed by PATCH" })
    } else {
      applyIdentifier(store, contact, identifier, now)
    }
  }
  auditWelcome(store, contact, input.identifiers, true, "PATCH")
  recordIgnored(contact, ignored)
  applyProfile(contact, input, now, semantics)
  return contact
}

function ownedElsewhere(identifier: IdentifierInput, owner: EmulatedContact): IgnoredIdentifier {
  return { type: identifier.type, id: identifier.id, reason: `already belongs to another contact (${owner.contactID})` }
}

// CONTRACT: create_contact: createdAt is UTC in whole seconds ("2024-05-09T16:25:02Z").
function toWholeSeconds(isoDateTime: string): string {
  return new Date(isoDateTime).toISOString().replace(/\.\d{3}Z$/, "Z")
}

function createContact(store: ContactStore, createdAt: string): EmulatedContact {
  const contact: EmulatedContact = {
    contactID: createObjectId(),
    identifiers: [],
    tags: [],
    customProperties: {},
    optIns: [],
    createdAt: toWholeSeconds(createdAt),
    updatedAt: createdAt,
    ignoredIdentifiers: [],
  }
  store.add(contact)
  return contact
}

/** ASSUMPTION: one identifier per type: a new phone replaces the old one, with fresh channel history. */
function applyIdentifier(store: ContactStore, contact: EmulatedContact, input: IdentifierInput, now: string): void {
  let identifier = contact.identifiers.find((candidate) => candidate.type === input.type)
  if (!identifier) {
    identifier = { type: input.type, id: input.id, channels: {} }
    contact.identifiers.push(identifier)
  } else if (identifier.id !== input.id) {
    identifier.id = input.id
    identifier.channels = {}
  }
  if (contact[input.type] !== input.id) store.assignIdentifier(contact, input.type, input.id)
  const channel: Channel = input.type === "email" ? "email" : "sms"
  const incoming = input.channels[channel]
  if (!incoming) return
  const stored = identifier.channels[channel]
  const kept = latestStatus(stored, incoming, now)
  identifier.channels[channel] = kept
  if (stored?.status === "unsubscribed" && kept.status === "subscribed") {
    store.consentAudit.push({
      kind: "resubscribed",
      channel,
      id: identifier.id,
      unsubscribedAt: stored.statusDate,
      subscribedAt: kept.statusDate,
    })
  }
  recordOptIn(contact, channel, kept)
}

/**
 * REFERENCE: Omnisend keeps the status with the latest date. ASSUMPTION: an explicit date must be
 * strictly later to win; a missing date means "now", which wins ties so that two writes in the same
 * millisecond still apply in order.
 */
function latestStatus(stored: ChannelState | undefined, incoming: ChannelInput, now: string): ChannelState {
  if (!stored) return { status: incoming.status, statusDate: incoming.statusDate ?? now }
  const storedAt = Date.parse(stored.statusDate)
  if (incoming.statusDate === undefined) {
    return Date.parse(now) >= storedAt ? { status: incoming.status, statusDate: now } : stored
  }
  return Date.parse(incoming.statusDate) > storedAt
    ? { status: incoming.status, statusDate: incoming.statusDate }
    : stored
}

// CONTRACT: create_contact optIns lists the channels the contact subscribed to.
// ASSUMPTION: once listed a channel stays listed, with the date of its first subscription.
function recordOptIn(contact: EmulatedContact, channel: Channel, state: ChannelState): void {
  if (state.status !== "subscribed") return
  if (contact.optIns.some((optIn) => optIn.channel === channel)) return
  contact.optIns.push({ channel, date: state.statusDate })
}

// Emulator-only: the welcome messages a real Omnisend would send, for suite-wide checks.
function auditWelcome(
  store: ContactStore,
  contact: EmulatedContact,
  identifiers: IdentifierInput[],
  contactExisted: boolean,
  via: "POST" | "PATCH"
): void {
  for (const identifier of identifiers) {
    if (identifier.type !== "email" || !identifier.sendWelcomeMessage) continue
    const subscribed = contact.identifiers.find((held) => held.type === "email")?.channels.email?.status === "subscribed"
    store.consentAudit.push({ kind: "welcome", email: identifier.id, contactExisted, subscribed, via })
  }
}

function recordIgnored(contact: EmulatedContact, ignored: IgnoredIdentifier[]): void {
  for (const entry of ignored) {
    const known = contact.ignoredIdentifiers.findIndex(
      (candidate) => candidate.type === entry.type && candidate.id === entry.id
    )
    if (known === -1) contact.ignoredIdentifiers.push(entry)
    else contact.ignoredIdentifiers[known] = entry
  }
}

function applyProfile(
  contact: EmulatedContact,
  input: ContactInput,
  now: string,
  semantics: Required<PatchSemantics>
): void {
  // ASSUMPTION: profile fields a write leaves out are kept; those it sends overwrite.
  for (const field of PROFILE_FIELDS) {
    const value = input.profile[field]
    if (value === undefined) continue
    if (value === "") delete contact[field]
    else (contact as unknown as Record<string, string>)[field] = value
  }
  if (input.tags) {
    if (semantics.tags === "replace") contact.tags = []
    const known = new Set(contact.tags)
    for (const tag of input.tags) {
      if (!known.has(tag)) {
        known.add(tag)
        contact.tags.push(tag)
      }
    }
  }
  if (input.customProperties) {
    if (semantics.customProperties === "replace") contact.customProperties = {}
    for (const [key, value] of Object.entries(input.customProperties)) {
      setOwnProperty(contact.customProperties, key, Array.isArray(value) ? [...value] : value)
    }
  }
  contact.updatedAt = now
}
