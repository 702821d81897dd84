import { parseOmnisendOptions } from "../../options"
import { applyStoredSettings, OmnisendSettingsRecord } from "../apply-stored-settings"

function record(columns: Partial<Record<keyof OmnisendSettingsRecord, unknown>>): OmnisendSettingsRecord {
  const empty = {
    id: "omset_store",
    api_key_encrypted: null,
    api_key_last4: null,
    enabled: null,
    consent_keys: null,
    tags: null,
    custom_property_keys: null,
    send_welcome_message: null,
    backfill_schedule_enabled: null,
    customer_deleted_action: null,
    paused_reason: null,
    paused_at: null,
  }
  return { ...empty, ...columns } as unknown as OmnisendSettingsRecord
}

describe("applyStoredSettings", () => {
  const defaults = parseOmnisendOptions({})

  it("keeps the option defaults where the merchant set nothing", () => {
    expect(applyStoredSettings(defaults, null, [], undefined)).toEqual(defaults)
    expect(applyStoredSettings(defaults, record({}), [], undefined)).toEqual(defaults)
  })

  it("applies the merchant's settings and saved key over the defaults", () => {
    const stored = record({
      enabled: false,
      consent_keys: { email: "news", email_at: "news_at", sms: "sms", sms_at: "sms_at" },
      tags: ["vip"],
      custom_property_keys: ["tier"],
      send_welcome_message: true,
      backfill_schedule_enabled: false,
      customer_deleted_action: "unsubscribe",
    })
    expect(applyStoredSettings(defaults, stored, [], "saved-key")).toEqual({
      ...defaults,
      apiKey: "saved-key",
      enabled: false,
      consentKeys: { email: "news", emailAt: "news_at", sms: "sms", smsAt: "sms_at" },
      tags: ["vip"],
      customPropertyKeys: ["tier"],
      sendWelcomeMessage: true,
      backfillScheduleEnabled: false,
      customerDeletedAction: "unsubscribe",
    })
  })

  it("lets locked options win over the merchant's settings", () => {
    const options = parseOmnisendOptions({ apiKey: "config-key", tags: ["from-config"] })
    const stored = record({ tags: ["from-admin"], enabled: false })
    expect(applyStoredSettings(options, stored, ["api_key", "tags"], "admin-key")).toEqual({
      ...options,
      enabled: false,
    })
  })
})
