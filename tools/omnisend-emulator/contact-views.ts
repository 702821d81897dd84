import type { ContactIdentifier, CustomPropertyValue, EmulatedContact } from "./types"
import { setOwnProperty } from "./set-own-property"
import { PROFILE_FIELDS } from "./validate-contact"

/**
 * Copies of stored contacts, so neither API clients nor tests can mutate the emulator's state
 * through what they receive. Hand-written (not structuredClone) because benchmarks copy up to a
 * million of them.
 */

export type ContactResponse = Omit<EmulatedContact, "ignoredIdentifiers">

function copyIdentifier(identifier: ContactIdentifier): ContactIdentifier {
  const channels: ContactIdentifier["channels"] = {}
  if (identifier.channels.email) channels.email = { ...identifier.channels.email }
  if (identifier.channels.sms) channels.sms = { ...identifier.channels.sms }
  return { type: identifier.type, id: identifier.id, channels }
}

function copyCustomProperties(source: Record<string, CustomPropertyValue>): Record<string, CustomPropertyValue> {
  const copy: Record<string, CustomPropertyValue> = {}
  for (const [key, value] of Object.entries(source)) {
    setOwnProperty(copy, key, Array.isArray(value) ? [...value] : value)
  }
  return copy
}

function copyContact(contact: EmulatedContact, withIgnored: boolean): Record<string, unknown> {
  const copy: Record<string, unknown> = { contactID: contact.contactID }
  if (contact.email !== undefined) copy.email = contact.email
  if (contact.phone !== undefined) copy.phone = contact.phone
  copy.identifiers = contact.identifiers.map(copyIdentifier)
  for (const field of PROFILE_FIELDS) {
    if (contact[field] !== undefined) copy[field] = contact[field]
  }
  copy.tags = [...contact.tags]
  copy.customProperties = copyCustomProperties(contact.customProperties)
  copy.createdAt = contact.createdAt
  copy.updatedAt = contact.updatedAt
  if (withIgnored) copy.ignoredIdentifiers = contact.ignoredIdentifiers.map((entry) => ({ ...entry }))
  return copy
}

/** The contact as Omnisend's API answers it, keys in a readable order. */
export function contactResponse(contact: EmulatedContact): ContactResponse {
  return copyContact(contact, false) as unknown as ContactResponse
}

/** The contact with emulator-only details, for EmulatorState. */
export function cloneContact(contact: EmulatedContact): EmulatedContact {
  return copyContact(contact, true) as unknown as EmulatedContact
}
