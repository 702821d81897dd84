/** `ok: false` means a value was there but does not map to one of Omnisend's two values. */
export type ParsedGender = { ok: true; gender: "m" | "f" | null } | { ok: false }

const GENDERS = new Map<string, "m" | "f">([
  ["m", "m"],
  ["male", "m"],
  ["f", "f"],
  ["female", "f"],
])

/** Omnisend only stores "m" or "f"; anything else is left out rather than guessed. */
export function parseGender(raw: unknown): ParsedGender {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
    return { ok: true, gender: null }
  }
  const gender = typeof raw === "string" ? GENDERS.get(raw.trim().toLowerCase()) : undefined
  return gender ? { ok: true, gender } : { ok: false }
}
