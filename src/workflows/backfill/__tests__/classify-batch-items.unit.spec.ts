import { OmnisendV3Adapter, type BatchItem } from "../../../modules/omnisend/client"
import { classifyBatchItems } from "../classify-batch-items"

const adapter = new OmnisendV3Adapter()
const now = new Date("2026-11-26T10:00:00.000Z")
const members = [
  { customer_id: "cus_1", email: "one@example.com" },
  { customer_id: "cus_2", email: "two@example.com" },
  { customer_id: "cus_3", email: "three@example.com" },
  { customer_id: "cus_4", email: "four@example.com" },
]

function request(email: string, customerId?: string, phone?: string) {
  const identifiers: unknown[] = [{ type: "email", id: email, channels: { email: { status: "nonSubscribed" } } }]
  if (phone) identifiers.push({ type: "phone", id: phone, channels: { sms: { status: "nonSubscribed" } } })
  return { identifiers, customProperties: customerId ? { medusa_customer_id: customerId } : {} }
}

function item(overrides: Partial<BatchItem>): BatchItem {
  return { itemID: "i", request: {}, responseCode: 200, response: {}, status: "finished", ...overrides }
}

describe("classifyBatchItems", () => {
  it("maps results back to customers by their id property, else by email", () => {
    const results = classifyBatchItems(
      [
        item({ request: request("one@example.com", "cus_1"), response: { contactID: "c1", email: "one@example.com" } }),
        item({ request: request("two@example.com"), response: { contactID: "c2", email: "two@example.com" } }),
      ],
      members.slice(0, 2),
      adapter,
      now
    )
    expect(results.succeeded).toEqual([
      { customer_id: "cus_1", contact_id: "c1", warnings: [] },
      { customer_id: "cus_2", contact_id: "c2", warnings: [] },
    ])
    expect(results).toEqual(expect.objectContaining({ failed: [], unprocessed: [], unmatched: 0 }))
  })

  it("reports no identifier conflict from a batch result: its short {email, contactID} is no evidence", () => {
    const results = classifyBatchItems(
      [item({ request: request("one@example.com", "cus_1", "+14155550123"), response: { contactID: "c1", email: "one@example.com" } })],
      members.slice(0, 1),
      adapter,
      now
    )
    expect(results.succeeded).toEqual([{ customer_id: "cus_1", contact_id: "c1", warnings: [] }])
  })

  it("turns failures into the client's typed errors: 503 retryable, 400 not, with Omnisend's reason masked", () => {
    const results = classifyBatchItems(
      [
        item({ request: request("one@example.com", "cus_1"), responseCode: 503, response: { error: "Service unavailable" }, status: "failed" }),
        item({
          request: request("two@example.com", "cus_2"),
          responseCode: 400,
          response: { error: "Invalid contact data", fields: { "0": ["identifiers[0].id: two@example.com is wrong"] } },
          status: "failed",
        }),
        item({ request: request("three@example.com", "cus_3"), responseCode: 200, response: { email: "no id" } }),
      ],
      members.slice(0, 3),
      adapter,
      now
    )
    const byCustomer = Object.fromEntries(results.failed.map((failure) => [failure.customer_id, failure.error]))
    expect(byCustomer.cus_1).toEqual(expect.objectContaining({ code: "OMNISEND_UNAVAILABLE", retryable: true, status: 503 }))
    expect(byCustomer.cus_2).toEqual(expect.objectContaining({ code: "OMNISEND_INVALID_DATA", retryable: false }))
    expect(byCustomer.cus_2.message).toContain("t***@e***.com is wrong")
    expect(byCustomer.cus_2.message).not.toContain("two@example.com")
    expect(byCustomer.cus_3).toEqual(expect.objectContaining({ code: "OMNISEND_RESPONSE_INVALID", retryable: false }))
  })

  it("lists members Omnisend did not process, and counts items that name no member", () => {
    const results = classifyBatchItems(
      [
        item({ request: request("one@example.com", "cus_1"), response: { contactID: "c1" } }),
        item({ request: request("two@example.com", "cus_2"), responseCode: null, status: "skipped" }),
        item({ request: request("stranger@example.com", "cus_9"), response: { contactID: "c9" } }),
      ],
      members,
      adapter,
      now
    )
    expect(results.succeeded.map((success) => success.customer_id)).toEqual(["cus_1"])
    expect(results.unprocessed).toEqual(["cus_2", "cus_3", "cus_4"])
    expect(results.unmatched).toBe(1)
  })
})
