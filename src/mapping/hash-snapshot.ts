import { createHash } from "node:crypto"
import type { ContactSnapshot } from "./contact-snapshot"

function sortedEntries(record: Record<string, unknown>): Array<[string, unknown]> {
  return Object.keys(record)
    .sort()
    .map((key) => [key, record[key]])
}

/**
 * A stable sha256 (hex) of the snapshot: equal snapshots hash alike whatever their key order (one
 * read back from a jsonb column has its keys reordered). The snapshot's shape is fixed, so only its
 * two open records need sorting; a backfill hashes every customer, so this stays cheap.
 */
export function hashSnapshot(snapshot: ContactSnapshot): string {
  const { email, phone, profile, tags, customProperties } = snapshot
  const canonical = JSON.stringify([
    [email.id, email.status],
    phone === null ? null : [phone.id, phone.status],
    sortedEntries(profile),
    tags,
    sortedEntries(customProperties),
  ])
  return createHash("sha256").update(canonical).digest("hex")
}
