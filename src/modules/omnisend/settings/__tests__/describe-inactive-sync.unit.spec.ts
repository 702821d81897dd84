import { parseOmnisendOptions } from "../../options"
import { describeInactiveSync } from "../describe-inactive-sync"
import type { ResolvedOmnisendSettings } from "../resolved-settings"

function resolved(overrides: Partial<ResolvedOmnisendSettings> = {}): ResolvedOmnisendSettings {
  return {
    options: parseOmnisendOptions({}),
    apiKey: { value: "key", source: "admin", last4: null, problem: null },
    locked: [],
    paused: null,
    ...overrides,
  }
}

describe("describeInactiveSync", () => {
  it("is null while sync runs", () => {
    expect(describeInactiveSync(resolved())).toBeNull()
  })

  it("puts a pause first, with Omnisend's reason and the way out", () => {
    const message = describeInactiveSync(
      resolved({ paused: { reason: "Omnisend rejected the API key.", at: new Date() }, options: { ...parseOmnisendOptions({}), enabled: false } })
    )
    expect(message).toBe(
      "Omnisend sync is paused: Omnisend rejected the API key. Test the connection or save a new API key in Settings -> Omnisend to resume."
    )
  })

  it("explains a missing or unreadable key", () => {
    expect(describeInactiveSync(resolved({ apiKey: { value: undefined, source: null, last4: null, problem: null } }))).toBe(
      "No Omnisend API key is saved yet: enter it in Settings -> Omnisend."
    )
    const unreadable = { value: undefined, source: "admin" as const, last4: "1234", problem: "cannot be decrypted" }
    expect(describeInactiveSync(resolved({ apiKey: unreadable }))).toBe("cannot be decrypted")
  })

  it("says where sync was turned off", () => {
    const off = { ...parseOmnisendOptions({}), enabled: false }
    expect(describeInactiveSync(resolved({ options: off }))).toBe("Omnisend sync is turned off in Settings -> Omnisend.")
    expect(describeInactiveSync(resolved({ options: off, locked: ["enabled"] }))).toBe(
      "Omnisend sync is turned off by the plugin's enabled option in medusa-config.ts."
    )
  })
})
