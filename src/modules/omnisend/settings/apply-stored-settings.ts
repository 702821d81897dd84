import type { InferTypeOf } from "@medusajs/framework/types"
import type OmnisendSettings from "../models/omnisend-settings"
import type { OmnisendPluginOptions } from "../options"
import type { AdminSettingField } from "./admin-settings-fields"

export type OmnisendSettingsRecord = InferTypeOf<typeof OmnisendSettings>

/** How the settings row stores the consent metadata keys (the admin API's shape). */
export interface StoredConsentKeys {
  email: string
  email_at: string
  sms: string
  sms_at: string
}

/**
 * The options one sync runs with: medusa-config.ts for locked settings, else the merchant's value
 * from the settings row when set (a null column means "not set"), else the option's default.
 * `storedApiKey` is the row's key, already decrypted (undefined when none or unreadable).
 */
export function applyStoredSettings(
  options: OmnisendPluginOptions,
  record: OmnisendSettingsRecord | null,
  locked: AdminSettingField[],
  storedApiKey: string | undefined
): OmnisendPluginOptions {
  const effective: OmnisendPluginOptions = { ...options }
  const editable = (field: AdminSettingField) => !locked.includes(field)

  if (editable("api_key")) {
    effective.apiKey = storedApiKey
  }
  if (!record) {
    return effective
  }
  if (editable("enabled") && record.enabled !== null) {
    effective.enabled = record.enabled
  }
  if (editable("consent_keys") && record.consent_keys !== null) {
    const keys = record.consent_keys as unknown as StoredConsentKeys
    effective.consentKeys = { email: keys.email, emailAt: keys.email_at, sms: keys.sms, smsAt: keys.sms_at }
  }
  if (editable("tags") && record.tags !== null) {
    effective.tags = record.tags as unknown as string[]
  }
  if (editable("custom_property_keys") && record.custom_property_keys !== null) {
    effective.customPropertyKeys = record.custom_property_keys as unknown as string[]
  }
  if (editable("send_welcome_message") && record.send_welcome_message !== null) {
    effective.sendWelcomeMessage = record.send_welcome_message
  }
  if (editable("backfill_schedule_enabled") && record.backfill_schedule_enabled !== null) {
    effective.backfillScheduleEnabled = record.backfill_schedule_enabled
  }
  if (editable("customer_deleted_action") && record.customer_deleted_action !== null) {
    effective.customerDeletedAction = record.customer_deleted_action
  }
  return effective
}
