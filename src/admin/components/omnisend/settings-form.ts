import type { ConsentKeys, OmnisendSettings, OmnisendSettingsChanges, SettingField } from "../../lib/omnisend-api-types"

/** The sync options as the form edits them: lists as comma-separated text. */
export interface SettingsForm {
  enabled: boolean
  consent_keys: ConsentKeys
  tags: string
  custom_property_keys: string
  send_welcome_message: boolean
  backfill_schedule_enabled: boolean
  customer_deleted_action: "keep" | "unsubscribe"
}

export function formFromSettings(settings: OmnisendSettings): SettingsForm {
  return {
    enabled: settings.enabled,
    consent_keys: { ...settings.consent_keys },
    tags: settings.tags.join(", "),
    custom_property_keys: settings.custom_property_keys.join(", "),
    send_welcome_message: settings.send_welcome_message,
    backfill_schedule_enabled: settings.backfill_schedule_enabled,
    customer_deleted_action: settings.customer_deleted_action,
  }
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, index) => item === b[index])

/** What the form changed, leaving out settings medusa-config.ts decides. */
export function changedSettings(settings: OmnisendSettings, form: SettingsForm): OmnisendSettingsChanges {
  const editable = (field: SettingField) => !settings.locked_fields.includes(field)
  const changes: OmnisendSettingsChanges = {}
  if (editable("enabled") && form.enabled !== settings.enabled) {
    changes.enabled = form.enabled
  }
  const consentKeys = Object.fromEntries(
    Object.entries(form.consent_keys).map(([key, value]) => [key, value.trim()])
  ) as unknown as ConsentKeys
  if (editable("consent_keys") && JSON.stringify(consentKeys) !== JSON.stringify(settings.consent_keys)) {
    changes.consent_keys = consentKeys
  }
  const tags = splitList(form.tags)
  if (editable("tags") && !sameList(tags, settings.tags)) {
    changes.tags = tags
  }
  const propertyKeys = splitList(form.custom_property_keys)
  if (editable("custom_property_keys") && !sameList(propertyKeys, settings.custom_property_keys)) {
    changes.custom_property_keys = propertyKeys
  }
  if (editable("send_welcome_message") && form.send_welcome_message !== settings.send_welcome_message) {
    changes.send_welcome_message = form.send_welcome_message
  }
  if (editable("backfill_schedule_enabled") && form.backfill_schedule_enabled !== settings.backfill_schedule_enabled) {
    changes.backfill_schedule_enabled = form.backfill_schedule_enabled
  }
  if (editable("customer_deleted_action") && form.customer_deleted_action !== settings.customer_deleted_action) {
    changes.customer_deleted_action = form.customer_deleted_action
  }
  return changes
}
