import type { ContactSnapshot } from "./contact-snapshot"
import type { MappedContact } from "./map-customer-to-contact"

/**
 * PATCH cannot change a contact's email identifier: when this is true the caller creates a new
 * contact (and records the old contact id) instead of diffing.
 */
export function emailChanged(previous: ContactSnapshot | null, next: MappedContact): boolean {
  return previous !== null && previous.email.id !== next.snapshot.email.id
}
