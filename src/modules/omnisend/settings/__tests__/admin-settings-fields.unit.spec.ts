import { findLockedSettings } from "../admin-settings-fields"

describe("findLockedSettings", () => {
  it("locks each admin setting whose option medusa-config.ts gives", () => {
    expect(
      findLockedSettings({
        apiKey: "key",
        enabled: false,
        tags: [],
        consentKeys: { email: "consent" },
        backfillScheduleEnabled: false,
        apiUrl: "http://x",
      })
    ).toEqual(["api_key", "enabled", "consent_keys", "tags", "backfill_schedule_enabled"])
  })

  it("leaves options set to undefined (e.g. from an unset environment variable) editable", () => {
    expect(findLockedSettings({ apiKey: undefined, sendWelcomeMessage: undefined })).toEqual([])
  })

  it("locks nothing without options", () => {
    expect(findLockedSettings(undefined)).toEqual([])
  })
})
