import { upsertContact } from "./apply-contact-changes"
import type { ContactStore } from "./contact-store"
import { errorResponse, type EmulatorResponse } from "./http-types"
import type { EmulatedContact } from "./types"
import { validateContact } from "./validate-contact"

export type PostContactOutcome = { ok: true; contact: EmulatedContact } | { ok: false; response: EmulatorResponse }

export const INVALID_CONTACT_ERROR = "Invalid contact data"

/**
 * One POST /contacts, shared by the route, every batch item and seedContact so that all three
 * follow exactly the same rules.
 */
export function postContact(store: ContactStore, body: unknown, now: string): PostContactOutcome {
  const validation = validateContact(body, "create")
  if (!validation.ok) {
    return { ok: false, response: errorResponse(400, INVALID_CONTACT_ERROR, { "0": validation.messages }) }
  }
  return upsertContact(store, validation.input, now)
}
