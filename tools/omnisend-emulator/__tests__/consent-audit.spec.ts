import { startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact } from "./emulator-client"

describe("consent audit (emulator-only, for suite-wide checks)", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator()
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  it("records a re-subscription of an unsubscribed channel, and not a status that lost", async () => {
    await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2025-05-01T00:00:00Z"))
    await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2020-01-01T00:00:00Z"))
    expect(emulator.state.consentAudit()).toEqual([])

    await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2025-06-01T00:00:00Z"))
    expect(emulator.state.consentAudit()).toEqual([
      {
        kind: "resubscribed",
        channel: "email",
        id: "jane@example.com",
        unsubscribedAt: "2025-05-01T00:00:00Z",
        subscribedAt: "2025-06-01T00:00:00Z",
      },
    ])
  })

  it("records each welcome message asked for, whether the contact existed, and how", async () => {
    const welcome = (email: string) => {
      const body = emailContact(email, "subscribed", "2025-06-01T00:00:00Z")
      return { ...body, identifiers: [{ ...body.identifiers[0], sendWelcomeMessage: true }] }
    }
    await call("POST", "/contacts", welcome("new@example.com"))
    await call("POST", "/contacts", welcome("new@example.com"))
    expect(emulator.state.consentAudit()).toEqual([
      { kind: "welcome", email: "new@example.com", contactExisted: false, subscribed: true, via: "POST" },
      { kind: "welcome", email: "new@example.com", contactExisted: true, subscribed: true, via: "POST" },
    ])
    emulator.reset()
    expect(emulator.state.consentAudit()).toEqual([])
  })
})
