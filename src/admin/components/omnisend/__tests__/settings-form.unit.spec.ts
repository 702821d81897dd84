import type { OmnisendSettings } from "../../../lib/omnisend-api-types"
import { changedSettings, formFromSettings } from "../settings-form"

const settings: OmnisendSettings = {
  api_key: { set: true, last4: "abcd", source: "admin", problem: null },
  enabled: true,
  consent_keys: { email: "email_consent", email_at: "email_consent_at", sms: "sms_consent", sms_at: "sms_consent_at" },
  tags: ["vip"],
  custom_property_keys: [],
  send_welcome_message: false,
  backfill_schedule_enabled: true,
  customer_deleted_action: "keep",
  locked_fields: [],
  paused: null,
  sync_active: true,
  inactive_reason: null,
}

describe("changedSettings", () => {
  it("is empty for an untouched form", () => {
    expect(changedSettings(settings, formFromSettings(settings))).toEqual({})
  })

  it("sends only what changed, lists split and trimmed", () => {
    const form = {
      ...formFromSettings(settings),
      enabled: false,
      tags: " vip , medusa store,, ",
      custom_property_keys: "loyalty_tier",
      consent_keys: { ...settings.consent_keys, sms: " newsletter_sms " },
    }
    expect(changedSettings(settings, form)).toEqual({
      enabled: false,
      tags: ["vip", "medusa store"],
      custom_property_keys: ["loyalty_tier"],
      consent_keys: { ...settings.consent_keys, sms: "newsletter_sms" },
    })
  })

  it("never sends a setting medusa-config.ts decides", () => {
    const locked: OmnisendSettings = { ...settings, locked_fields: ["enabled", "backfill_schedule_enabled"] }
    const form = { ...formFromSettings(locked), enabled: false, backfill_schedule_enabled: false, send_welcome_message: true }
    expect(changedSettings(locked, form)).toEqual({ send_welcome_message: true })
  })
})
