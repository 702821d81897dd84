// Below this length the last four characters would give away too much of the key.
const MIN_LENGTH_TO_HINT = 12

/** The last four characters, so a merchant can tell which key is saved; null for short keys. */
export function apiKeyLast4(apiKey: string): string | null {
  const key = apiKey.trim()
  return key.length >= MIN_LENGTH_TO_HINT ? key.slice(-4) : null
}
