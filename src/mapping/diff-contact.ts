import type {
  ContactIdentifier,
  CustomPropertyValue,
  PatchContactRequest,
} from "../modules/omnisend/client/schemas"
import { SNAPSHOT_PROFILE_FIELDS, type ContactSnapshot, type SnapshotProfile } from "./contact-snapshot"
import { emailChanged } from "./email-changed"
import type { ConsentDecisions, MappedContact } from "./map-customer-to-contact"

type ProfileField = Exclude<keyof SnapshotProfile, "createdAt">
type ClearableField = "firstName" | "lastName" | "address" | "city" | "state" | "postalCode" | "country"

// An empty string empties a free-text field. countryCode, gender and birthdate have no empty value
// Omnisend accepts (it answers 400 for ""), and createdAt none at all: clearing one in Medusa
// leaves Omnisend's value as it is.
const CLEARABLE: ReadonlySet<ProfileField> = new Set<ClearableField>([
  "firstName",
  "lastName",
  "address",
  "city",
  "state",
  "postalCode",
  "country",
])
const PROFILE_FIELDS = SNAPSHOT_PROFILE_FIELDS.filter((field): field is ProfileField => field !== "createdAt")

function diffField<K extends ProfileField>(
  patch: PatchContactRequest,
  field: K,
  before: SnapshotProfile[K],
  after: SnapshotProfile[K]
): void {
  if (after !== undefined && after !== before) {
    patch[field] = after
  } else if (after === undefined && before !== undefined && CLEARABLE.has(field)) {
    ;(patch as Record<ClearableField, string>)[field as ClearableField] = ""
  }
}

function sameValue(a: CustomPropertyValue | undefined, b: CustomPropertyValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => item === b[index])
  }
  return a === b
}

function ownValue(record: Record<string, CustomPropertyValue>, key: string): CustomPropertyValue | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined
}

// Whether PATCH replaces or merges customProperties is unknown: every property the plugin owns goes
// whenever one of them changed, so the contact ends right either way.
function changedProperties(
  previous: ContactSnapshot | null,
  next: ContactSnapshot
): Record<string, CustomPropertyValue> | undefined {
  const changed = Object.entries(next.customProperties).some(
    ([key, value]) => previous === null || !sameValue(ownValue(previous.customProperties, key), value)
  )
  return changed ? { ...next.customProperties } : undefined
}

function sameTags(previous: string[], next: string[]): boolean {
  const before = new Set(previous)
  return before.size === new Set(next).size && next.every((tag) => before.has(tag))
}

function changedIdentifiers(
  previous: ContactSnapshot | null,
  next: ContactSnapshot,
  decisions: ConsentDecisions
): ContactIdentifier[] {
  const identifiers: ContactIdentifier[] = []
  if (decisions.email.send) {
    identifiers.push({
      type: "email",
      id: next.email.id,
      channels: { email: { status: decisions.email.status, statusDate: decisions.email.statusDate } },
    })
  }
  // A new or changed phone is sent even without an SMS decision to send, because v3 needs its
  // channel; a status without evidence is dated 1970 and so cannot lower anything.
  if (next.phone !== null && (decisions.sms.send || previous?.phone?.id !== next.phone.id)) {
    identifiers.push({
      type: "phone",
      id: next.phone.id,
      channels: { sms: { status: decisions.sms.status, statusDate: decisions.sms.statusDate } },
    })
  }
  return identifiers
}

/**
 * The PATCH body for what changed since the last successful sync (`previous`, null when none is
 * known: everything is sent), or null when Omnisend would see nothing new and no call is needed.
 * Removed free-text fields are cleared with "" (countryCode, gender and birthdate cannot be cleared
 * and are left alone), custom properties go all together when one changed, tags go as the
 * full list when the set changed. Email changes are not patchable: check emailChanged first.
 */
export function diffContact(
  previous: ContactSnapshot | null,
  next: MappedContact,
  decisions: ConsentDecisions
): PatchContactRequest | null {
  if (emailChanged(previous, next)) {
    throw new Error("The contact's email changed: create a new contact instead of patching the old one")
  }
  const before = previous?.profile ?? {}
  const after = next.snapshot.profile
  const patch: PatchContactRequest = {}
  for (const field of PROFILE_FIELDS) {
    diffField(patch, field, before[field], after[field])
  }
  if (after.createdAt !== undefined && after.createdAt !== before.createdAt) {
    patch.createdAt = after.createdAt
  }
  if (previous === null || !sameTags(previous.tags, next.snapshot.tags)) {
    patch.tags = [...(next.contact.tags ?? [])]
  }
  const customProperties = changedProperties(previous, next.snapshot)
  if (customProperties) {
    patch.customProperties = customProperties
  }
  const identifiers = changedIdentifiers(previous, next.snapshot, decisions)
  if (identifiers.length > 0) {
    patch.identifiers = identifiers
  }
  return Object.keys(patch).length > 0 ? patch : null
}
