// One "@", no whitespace, and a domain made of non-empty dot-separated labels.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

/**
 * Omnisend email identifiers are case-sensitive: trimming and lowercasing is what keeps
 * "  Jane@Example.COM " and "jane@example.com" one contact. Returns null when empty or invalid.
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase() ?? ""
  return EMAIL_PATTERN.test(email) ? email : null
}
