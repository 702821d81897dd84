import type { ChannelStatus, ContactProfile, CustomPropertyValue } from "../modules/omnisend/client/schemas"

/** Profile fields that hold a single text value (tags and custom properties are kept apart). */
export const SNAPSHOT_PROFILE_FIELDS = [
  "firstName",
  "lastName",
  "address",
  "city",
  "state",
  "postalCode",
  "countryCode",
  "country",
  "birthdate",
  "gender",
  "createdAt",
] as const

export type SnapshotProfileField = (typeof SNAPSHOT_PROFILE_FIELDS)[number]

export type SnapshotProfile = Partial<Pick<ContactProfile, SnapshotProfileField>>

/**
 * Everything Omnisend sees of a contact except channel statusDates, in a canonical,
 * JSON-serialisable form: what the ledger stores after a successful sync, to diff and hash against.
 */
export interface ContactSnapshot {
  email: { id: string; status: ChannelStatus }
  phone: { id: string; status: ChannelStatus } | null
  profile: SnapshotProfile
  /** Sorted: Omnisend treats tags as a set. */
  tags: string[]
  customProperties: Record<string, CustomPropertyValue>
}
