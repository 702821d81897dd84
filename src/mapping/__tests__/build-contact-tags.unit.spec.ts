import { buildContactTags, MAX_CONTACT_TAGS, SOURCE_TAG } from "../build-contact-tags"

describe("buildContactTags", () => {
  it("puts the source tag first, then configured tags, then group names", () => {
    expect(buildContactTags(["vip", "newsletter"], ["Wholesale"]).tags).toEqual([
      "source: medusa",
      "vip",
      "newsletter",
      "Wholesale",
    ])
  })

  it("trims, drops empty names and deduplicates keeping the first position", () => {
    const result = buildContactTags([" vip ", "", "source: medusa"], ["vip", null, "  ", "B2B", "B2B "])
    expect(result).toEqual({ tags: [SOURCE_TAG, "vip", "B2B"], dropped: 0 })
  })

  it("keeps at most 100 tags and reports how many were dropped", () => {
    const groups = Array.from({ length: 120 }, (_, index) => `group ${index}`)
    const result = buildContactTags(["vip"], groups)
    expect(result.tags).toHaveLength(MAX_CONTACT_TAGS)
    expect(result.tags.slice(0, 2)).toEqual([SOURCE_TAG, "vip"])
    expect(result.tags[99]).toBe("group 97")
    expect(result.dropped).toBe(22)
  })
})
