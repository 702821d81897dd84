import type { OmnisendPluginOptions } from "../options"

/** Each setting a merchant can change in Medusa Admin, and the plugin option it overrides. */
export const ADMIN_SETTING_OPTIONS = {
  api_key: "apiKey",
  enabled: "enabled",
  consent_keys: "consentKeys",
  tags: "tags",
  custom_property_keys: "customPropertyKeys",
  send_welcome_message: "sendWelcomeMessage",
  backfill_schedule_enabled: "backfillScheduleEnabled",
  customer_deleted_action: "customerDeletedAction",
} as const satisfies Record<string, keyof OmnisendPluginOptions>

export type AdminSettingField = keyof typeof ADMIN_SETTING_OPTIONS

export const ADMIN_SETTING_FIELDS = Object.keys(ADMIN_SETTING_OPTIONS) as AdminSettingField[]

/**
 * The settings medusa-config.ts decides: an option given there (not left undefined) wins over
 * Medusa Admin and is shown read-only, so a deployment can pin what it must control (e.g. the key
 * from a secret store) while everything it leaves out stays the merchant's choice.
 */
export function findLockedSettings(rawOptions: unknown): AdminSettingField[] {
  if (typeof rawOptions !== "object" || rawOptions === null) {
    return []
  }
  const given = rawOptions as Record<string, unknown>
  return ADMIN_SETTING_FIELDS.filter((field) => given[ADMIN_SETTING_OPTIONS[field]] !== undefined)
}
