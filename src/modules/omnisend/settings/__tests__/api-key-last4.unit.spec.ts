import { apiKeyLast4 } from "../api-key-last4"

describe("apiKeyLast4", () => {
  it("shows the last four characters of a real-length key, trimmed", () => {
    expect(apiKeyLast4(" 6467a1b2c3d4e5f6-abcd\n")).toBe("abcd")
  })

  it("shows nothing of a short key", () => {
    expect(apiKeyLast4("short-key")).toBeNull()
  })
})
