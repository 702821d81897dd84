import type { ListedContact } from "../../../modules/omnisend/client"
import { readOmnisendUnsubscribe } from "../omnisend-unsubscribe"

function listed(overrides: Partial<ListedContact> = {}): ListedContact {
  return {
    contactID: "c1",
    email: "Jane@Example.com",
    identifiers: [
      { type: "email", id: "Jane@Example.com", channels: { email: { status: "unsubscribed", statusDate: "2026-06-15T12:30:00Z" } } },
    ],
    ...overrides,
  }
}

describe("readOmnisendUnsubscribe", () => {
  it("reads the contact id, the normalised email and the email channel's date", () => {
    expect(readOmnisendUnsubscribe(listed())).toEqual({
      contact_id: "c1",
      email: "jane@example.com",
      unsubscribed_at: "2026-06-15T12:30:00.000Z",
    })
  })

  it("skips a contact whose email channel is not unsubscribed (any more)", () => {
    const resubscribed = listed({
      identifiers: [{ type: "email", id: "jane@example.com", channels: { email: { status: "subscribed", statusDate: "2026-07-01T00:00:00Z" } } }],
    })
    expect(readOmnisendUnsubscribe(resubscribed)).toBeNull()
  })

  it("skips what cannot be compared or matched: no date, no email, no contact id", () => {
    const undated = listed({
      identifiers: [{ type: "email", id: "jane@example.com", channels: { email: { status: "unsubscribed", statusDate: undefined } } }],
    })
    expect(readOmnisendUnsubscribe(undated)).toBeNull()
    expect(readOmnisendUnsubscribe(listed({ contactID: undefined }))).toBeNull()
    expect(readOmnisendUnsubscribe(listed({ email: undefined, identifiers: [] }))).toBeNull()
  })

  it("ignores a phone identifier", () => {
    const withPhone = listed({
      identifiers: [
        { type: "phone", id: "+442079460958", channels: { sms: { status: "subscribed" } } as never },
        ...listed().identifiers,
      ],
    })
    expect(readOmnisendUnsubscribe(withPhone)?.email).toBe("jane@example.com")
  })
})
