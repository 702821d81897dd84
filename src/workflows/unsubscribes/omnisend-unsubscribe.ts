import { normalizeEmail, parseIsoTimestamp } from "../../mapping"
import type { ListedContact } from "../../modules/omnisend/client"

/** A contact whose email channel Omnisend holds as unsubscribed, and since when. JSON-safe. */
export interface OmnisendUnsubscribe {
  contact_id: string
  /** Normalised (trimmed, lowercased), as the store's customers are matched by. */
  email: string
  /** The email channel's statusDate, as an ISO string. */
  unsubscribed_at: string
}

/**
 * Reads the email channel of a listed contact. Null for what cannot be acted on: no contact id, no
 * valid email, an email channel that is not (or no longer) unsubscribed, or no date to compare.
 */
export function readOmnisendUnsubscribe(contact: ListedContact): OmnisendUnsubscribe | null {
  const identifier = contact.identifiers.find((candidate) => candidate.type === "email")
  const email = normalizeEmail(identifier?.id ?? contact.email)
  const channel = identifier?.channels?.email
  const unsubscribedAt = parseIsoTimestamp(channel?.statusDate)
  if (!contact.contactID || email === null || channel?.status !== "unsubscribed" || unsubscribedAt === null) {
    return null
  }
  return { contact_id: contact.contactID, email, unsubscribed_at: unsubscribedAt.toISOString() }
}
