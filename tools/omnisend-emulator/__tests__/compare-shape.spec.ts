import { compareShape } from "../contract/compare-shape"

const CONTRACT = {
  email: "jane@example.com",
  phone: null,
  tags: ["vip"],
  statuses: [{ channel: "email", status: "subscribed" }],
  segments: ["663a31f0438b8341a1c52d56"],
  customProperties: null,
}

const matching = () => ({
  email: "john@example.com",
  phone: null,
  tags: ["source: medusa", "other"],
  statuses: [
    { channel: "email", status: "unsubscribed" },
    { channel: "sms", status: "subscribed" },
  ],
  segments: ["0123456789abcdef01234567"],
  customProperties: null,
})

describe("compareShape", () => {
  it("accepts the same shape with other values", () => {
    expect(compareShape(CONTRACT, matching(), "contact")).toEqual([])
  })

  it("catches an extra key", () => {
    expect(compareShape(CONTRACT, { ...matching(), updatedAt: "2024-01-01T00:00:00Z" }, "contact")).toEqual([
      "contact.updatedAt: key not in the contract",
    ])
  })

  it("catches a missing key", () => {
    const { phone: _phone, ...withoutPhone } = matching()
    expect(compareShape(CONTRACT, withoutPhone, "contact")).toEqual(["contact.phone: missing"])
  })

  it("catches a type change", () => {
    expect(compareShape(CONTRACT, { ...matching(), email: 42 }, "contact")).toEqual([
      "contact.email: expected string, got number",
    ])
    expect(compareShape(CONTRACT, { ...matching(), tags: "vip" }, "contact")).toEqual([
      "contact.tags: expected array, got string",
    ])
  })

  it("catches a null where the contract has a value, and a value where it has null", () => {
    expect(compareShape(CONTRACT, { ...matching(), email: null }, "contact")).toEqual([
      "contact.email: expected string, got null",
    ])
    expect(compareShape(CONTRACT, { ...matching(), customProperties: {} }, "contact")).toEqual([
      "contact.customProperties: expected null, got object",
    ])
  })

  it("checks every element of an array against the contract's first, at every level", () => {
    const actual = {
      ...matching(),
      statuses: [
        { channel: "email", status: null },
        { channel: "sms", status: "subscribed", date: "2024-01-01T00:00:00Z" },
      ],
    }
    expect(compareShape(CONTRACT, actual, "contact")).toEqual([
      "contact.statuses[0].status: expected string, got null",
      "contact.statuses[1].date: key not in the contract",
    ])
  })

  it("requires a non-empty array where the contract's is, unless the path may be empty", () => {
    const actual = { ...matching(), segments: [] }
    expect(compareShape(CONTRACT, actual, "contact")).toEqual(["contact.segments: empty, the contract's is not"])
    expect(compareShape(CONTRACT, actual, "contact", { mayBeEmpty: (path) => path === "contact.segments" })).toEqual([])
  })

  it("reports elements it cannot check because the contract's array is empty", () => {
    expect(compareShape({ list: [] }, { list: [] }, "body")).toEqual([])
    expect(compareShape({ list: [] }, { list: [1] }, "body")).toEqual([
      "body.list: the contract's array is empty, so its elements' shape is unknown",
    ])
  })

  it("compares top-level values and reports several differences at once", () => {
    expect(compareShape("text", "other", "body")).toEqual([])
    expect(compareShape({ a: 1, b: true }, { a: "1", c: true }, "body")).toEqual([
      "body.c: key not in the contract",
      "body.a: expected number, got string",
      "body.b: missing",
    ])
  })
})
