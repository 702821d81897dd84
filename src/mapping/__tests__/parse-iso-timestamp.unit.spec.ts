import { parseIsoTimestamp } from "../parse-iso-timestamp"

describe("parseIsoTimestamp", () => {
  it("parses date-times with an offset and dates alone", () => {
    expect(parseIsoTimestamp("2024-03-01T10:00:00Z")?.toISOString()).toBe("2024-03-01T10:00:00.000Z")
    expect(parseIsoTimestamp("2024-03-01T12:00:00+02:00")?.toISOString()).toBe("2024-03-01T10:00:00.000Z")
    expect(parseIsoTimestamp("2024-03-01")?.toISOString()).toBe("2024-03-01T00:00:00.000Z")
  })

  it("accepts a valid Date", () => {
    expect(parseIsoTimestamp(new Date("2024-03-01T10:00:00Z"))?.toISOString()).toBe("2024-03-01T10:00:00.000Z")
    expect(parseIsoTimestamp(new Date("nope"))).toBeNull()
  })

  it.each(["2024-02-30", "2024-03-01T10:00:00", "March 1, 2024", "", "2024-03-01T99:00:00Z", 1709287200000, null, true])(
    "rejects %p",
    (raw) => {
      expect(parseIsoTimestamp(raw)).toBeNull()
    }
  )
})
