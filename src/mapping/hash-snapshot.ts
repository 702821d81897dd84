import { createHash } from "node:crypto"
import type { ContactSnapshot } from "./contact-snapshot"

// Keys sorted at every level so that equal snapshots always serialise to the same text.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys)
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])])
    )
  }
  return value
}

/** A stable sha256 (hex) of the snapshot's canonical JSON. */
export function hashSnapshot(snapshot: ContactSnapshot): string {
  return createHash("sha256").update(JSON.stringify(sortKeys(snapshot))).digest("hex")
}
