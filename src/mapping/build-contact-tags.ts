/** Omnisend recommends tagging contacts with where they came from. */
export const SOURCE_TAG = "source: medusa"

/** Omnisend accepts at most 100 tags per request. */
export const MAX_CONTACT_TAGS = 100

export interface ContactTags {
  tags: string[]
  /** How many tags were cut off by the limit. */
  dropped: number
}

/** The source tag, then the configured tags, then the customer's group names: trimmed, deduplicated. */
export function buildContactTags(configTags: string[], groupNames: Array<string | null>): ContactTags {
  const unique = new Set<string>()
  for (const tag of [SOURCE_TAG, ...configTags, ...groupNames]) {
    const trimmed = tag?.trim()
    if (trimmed) {
      unique.add(trimmed)
    }
  }
  const tags = [...unique]
  return { tags: tags.slice(0, MAX_CONTACT_TAGS), dropped: Math.max(0, tags.length - MAX_CONTACT_TAGS) }
}
