import { sanitizeCustomProperties, sanitizePropertyKey } from "../sanitize-custom-properties"

describe("sanitizePropertyKey", () => {
  it("replaces characters outside [A-Za-z0-9_] and cuts at 128", () => {
    expect(sanitizePropertyKey("shoe-size")).toBe("shoe_size")
    expect(sanitizePropertyKey("loyalty.tier (2024)")).toBe("loyalty_tier__2024_")
    expect(sanitizePropertyKey("größe")).toBe("gr__e")
    expect(sanitizePropertyKey("k".repeat(200))).toHaveLength(128)
  })
})

describe("sanitizeCustomProperties", () => {
  it("copies only allowlisted keys and always adds medusa_customer_id", () => {
    const result = sanitizeCustomProperties({ shoeSize: 42, secret: "x" }, ["shoeSize"], "cus_1")
    expect(result.customProperties).toEqual({ shoeSize: 42, medusa_customer_id: "cus_1" })
    expect(result.warnings).toEqual([])
  })

  it("adds medusa_customer_id even without metadata", () => {
    expect(sanitizeCustomProperties(null, ["shoeSize"], "cus_1").customProperties).toEqual({ medusa_customer_id: "cus_1" })
  })

  it("keeps strings, finite numbers, booleans and lists of strings", () => {
    const metadata = { a: "blue", b: 1.5, c: false, d: ["x", "y"], e: "" }
    const result = sanitizeCustomProperties(metadata, ["a", "b", "c", "d", "e"], "cus_1")
    expect(result.customProperties).toEqual({ a: "blue", b: 1.5, c: false, d: ["x", "y"], e: "", medusa_customer_id: "cus_1" })
    expect(result.warnings).toEqual([])
  })

  it("drops other values with a warning naming the key, not the value", () => {
    const metadata = { obj: { nested: "secret" }, nan: Number.NaN, inf: Number.POSITIVE_INFINITY, mixed: ["a", 1] }
    const result = sanitizeCustomProperties(metadata, ["obj", "nan", "inf", "mixed"], "cus_1")
    expect(result.customProperties).toEqual({ medusa_customer_id: "cus_1" })
    expect(result.warnings.map((warning) => warning.code)).toEqual(Array(4).fill("custom_property_unsupported_value"))
    expect(result.warnings[0].message).toContain('"obj"')
    expect(JSON.stringify(result.warnings)).not.toContain("secret")
  })

  it("skips missing and null values silently", () => {
    const result = sanitizeCustomProperties({ gone: null }, ["gone", "absent"], "cus_1")
    expect(result.customProperties).toEqual({ medusa_customer_id: "cus_1" })
    expect(result.warnings).toEqual([])
  })

  it("sanitises keys, keeps the first of two keys that collide, and protects medusa_customer_id", () => {
    const metadata = { "shoe-size": 42, "shoe.size": 43, "medusa-customer-id": "forged" }
    const result = sanitizeCustomProperties(metadata, ["shoe-size", "shoe.size", "medusa-customer-id"], "cus_1")
    expect(result.customProperties).toEqual({ shoe_size: 42, medusa_customer_id: "cus_1" })
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      "custom_property_key_conflict",
      "custom_property_key_conflict",
    ])
  })

  it("does not read inherited properties and keeps __proto__ as plain data", () => {
    const metadata = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>
    const result = sanitizeCustomProperties(metadata, ["__proto__", "constructor", "toString"], "cus_1")
    expect(Object.getPrototypeOf(result.customProperties)).toBe(Object.prototype)
    expect(Object.keys(result.customProperties)).toEqual(["__proto__", "medusa_customer_id"])
  })

  it("copies arrays so later changes to metadata do not leak in", () => {
    const list = ["a"]
    const result = sanitizeCustomProperties({ list }, ["list"], "cus_1")
    list.push("b")
    expect(result.customProperties.list).toEqual(["a"])
  })
})
