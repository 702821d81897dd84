import { InvalidOmnisendOptionsError, parseOmnisendOptions } from "../options"
import { syncSettingsFromOptions } from "../sync-settings"

describe("parseOmnisendOptions", () => {
  it("fills Omnisend's documented defaults", () => {
    const options = parseOmnisendOptions({ apiKey: "key-123" })
    expect(options).toEqual(
      expect.objectContaining({
        apiKey: "key-123",
        apiUrl: "https://api.omnisend.com/v3",
        apiVersion: "v3",
        requestTimeoutMs: 10_000,
        maxRetries: 3,
        enabled: true,
        sendWelcomeMessage: false,
        customerDeletedAction: "keep",
        consentKeys: {
          email: "email_marketing_consent",
          emailAt: "email_marketing_consent_at",
          sms: "sms_marketing_consent",
          smsAt: "sms_marketing_consent_at",
        },
      })
    )
  })

  it("accepts no options at all: the key can be set later in Medusa Admin", () => {
    expect(parseOmnisendOptions(undefined).apiKey).toBeUndefined()
  })

  it("lists every problem with its option name, without echoing values", () => {
    let error: unknown
    try {
      parseOmnisendOptions({ apiKey: "   ", apiUrl: "ftp://x", requestTimeoutMs: -1, customerDeletedAction: "delete" })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidOmnisendOptionsError)
    const message = (error as Error).message
    expect(message).toContain("apiKey:")
    expect(message).toContain("apiUrl: must be an http(s) URL")
    expect(message).toContain("requestTimeoutMs:")
    expect(message).toContain("customerDeletedAction:")
    expect(message).not.toContain("ftp://x")
  })

  it("sends address phones only when asked, and hands the choice to the mapping", () => {
    expect(syncSettingsFromOptions(parseOmnisendOptions({})).mapping.sendAddressPhone).toBe(false)
    expect(syncSettingsFromOptions(parseOmnisendOptions({ sendAddressPhone: true })).mapping.sendAddressPhone).toBe(true)
  })
})
