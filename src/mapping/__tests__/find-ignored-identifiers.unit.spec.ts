import { findIgnoredIdentifiers } from "../find-ignored-identifiers"

const email = { type: "email" as const, id: "jane@example.com", channels: { email: { status: "subscribed" as const } } }
const phone = { type: "phone" as const, id: "+447700900123", channels: { sms: { status: "nonSubscribed" as const } } }

describe("findIgnoredIdentifiers", () => {
  it("reports nothing when Omnisend kept every identifier", () => {
    const answered = {
      contactID: "c1",
      identifiers: [
        { type: "email", id: "jane@example.com" },
        { type: "phone", id: "+447700900123" },
      ],
    }
    expect(findIgnoredIdentifiers([email, phone], answered)).toEqual([])
  })

  it("reports a phone that another contact owns, masked", () => {
    const answered = { contactID: "c1", email: "jane@example.com", identifiers: [{ type: "email", id: "jane@example.com" }] }
    const warnings = findIgnoredIdentifiers([email, phone], answered)
    expect(warnings).toHaveLength(1)
    expect(warnings[0].code).toBe("identifier_conflict")
    expect(warnings[0].message).toContain("phone +***23")
    expect(warnings[0].message).not.toContain("+447700900123")
  })

  it("reads the top-level email and phone when the answer has no identifiers list", () => {
    expect(findIgnoredIdentifiers([email, phone], { contactID: "c1", email: "jane@example.com", phone: "+447700900123" })).toEqual([])
  })
})
