import { OmnisendV3Adapter } from "../adapters/v3-adapter"

const adapter = new OmnisendV3Adapter()

describe("OmnisendV3Adapter", () => {
  it("authenticates with X-API-KEY and limits batches to 1000 items", () => {
    expect(adapter.authHeaders("k")).toEqual({ "X-API-KEY": "k" })
    expect(adapter.defaultApiUrl).toBe("https://api.omnisend.com/v3")
    expect(adapter.maxBatchItems).toBe(1000)
  })

  it("encodes the email of a lookup, + included", () => {
    expect(adapter.findContactByEmail("jane+vip@example.com").path).toBe("/contacts?email=jane%2Bvip%40example.com")
  })

  it("reads the first contact of a lookup, or null", () => {
    const { responseSchema } = adapter.findContactByEmail("jane@example.com")

    expect(responseSchema.parse({ contacts: [{ contactID: "c1" }] })).toEqual({ contactID: "c1" })
    expect(responseSchema.parse({ contacts: [] })).toBeNull()
  })

  it("reads v3 error bodies and, for 429 only, the wait they announce", () => {
    const body = { error: "Invalid contact", fields: { "0": ["gender: must be m or f"] } }

    expect(adapter.readError({ status: 400, headers: {}, body }, 0)).toEqual({
      text: "Invalid contact",
      fields: { "0": ["gender: must be m or f"] },
      retryAfterMs: undefined,
    })
    expect(adapter.readError({ status: 429, headers: { "x-rate-limit-reset": "5" }, body: {} }, 0).retryAfterMs).toBe(5_000)
    expect(adapter.readError({ status: 400, headers: {}, body: { error: "x", fields: "odd" } }, 0)).toMatchObject({
      text: "x",
      fields: {},
    })
    expect(adapter.readError({ status: 502, headers: {}, body: "<html>Bad gateway</html>" }, 0).text).toBeUndefined()
  })
})
