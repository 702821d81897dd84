import { upsertContact } from "./apply-contact-changes"
import type { ContactStore } from "./contact-store"
import { invalidDataResponse } from "./error-bodies"
import type { EmulatorResponse } from "./http-types"
import type { EmulatedContact } from "./types"
import { validateContact } from "./validate-contact"

export type PostContactOutcome = { ok: true; contact: EmulatedContact } | { ok: false; response: EmulatorResponse }

/**
 * One POST /contacts, shared by the route, every batch item and seedContact so that all three
 * follow exactly the same rules.
 */
export function postContact(store: ContactStore, body: unknown, now: string): PostContactOutcome {
  const validation = validateContact(body, "create")
  // CONTRACT: error_invalid_data.
  if (!validation.ok) return { ok: false, response: invalidDataResponse(validation.messages) }
  return upsertContact(store, validation.input, now)
}
