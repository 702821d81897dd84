import { normalizeEmail } from "../normalize-email"

describe("normalizeEmail", () => {
  it("trims and lowercases so one person stays one Omnisend contact", () => {
    expect(normalizeEmail("  Jane@Example.COM ")).toBe("jane@example.com")
    expect(normalizeEmail("jane@example.com")).toBe(normalizeEmail("\tJANE@example.com\n"))
  })

  it("keeps plus addressing and subdomains", () => {
    expect(normalizeEmail("Jane+News@Mail.Example.co.uk")).toBe("jane+news@mail.example.co.uk")
  })

  it.each([null, undefined, "", "   "])("returns null for an empty value (%p)", (raw) => {
    expect(normalizeEmail(raw)).toBeNull()
  })

  it.each(["jane", "jane@", "@example.com", "jane@example", "jane@@example.com", "ja ne@example.com", "jane@example..com", "jane@.example.com", "jane@example.com."])(
    "returns null for an invalid address (%p)",
    (raw) => {
      expect(normalizeEmail(raw)).toBeNull()
    }
  )
})
