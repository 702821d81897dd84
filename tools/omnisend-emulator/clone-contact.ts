import { copyChannels, copyCustomProperties } from "./copy-contact-parts"
import type { EmulatedContact } from "./types"
import { PROFILE_FIELDS } from "./validate-contact"

/** A copy of a stored contact for EmulatorState, so tests cannot mutate the emulator's state through it. */
export function cloneContact(contact: EmulatedContact): EmulatedContact {
  const copy: EmulatedContact = {
    contactID: contact.contactID,
    identifiers: contact.identifiers.map((identifier) => ({
      type: identifier.type,
      id: identifier.id,
      channels: copyChannels(identifier.channels),
    })),
    tags: [...contact.tags],
    customProperties: copyCustomProperties(contact.customProperties),
    optIns: contact.optIns.map((optIn) => ({ ...optIn })),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    ignoredIdentifiers: contact.ignoredIdentifiers.map((entry) => ({ ...entry })),
  }
  if (contact.email !== undefined) copy.email = contact.email
  if (contact.phone !== undefined) copy.phone = contact.phone
  for (const field of PROFILE_FIELDS) {
    if (contact[field] !== undefined) (copy as unknown as Record<string, string>)[field] = contact[field] as string
  }
  return copy
}
