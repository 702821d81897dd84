import { model } from "@medusajs/framework/utils"

/**
 * The merchant's settings from Medusa Admin (a single row). A null column means "not set here":
 * the plugin option of the same name, or its default, applies.
 */
const OmnisendSettings = model.define("omnisend_settings", {
  id: model.id({ prefix: "omset" }).primaryKey(),
  /** AES-256-GCM ciphertext of the API key; the plain key is never stored. */
  api_key_encrypted: model.text().nullable(),
  /** Shown in the admin so a merchant can tell which key is saved. */
  api_key_last4: model.text().nullable(),
  enabled: model.boolean().nullable(),
  consent_keys: model.json().nullable(),
  tags: model.json().nullable(),
  custom_property_keys: model.json().nullable(),
  send_welcome_message: model.boolean().nullable(),
  backfill_schedule_enabled: model.boolean().nullable(),
  customer_deleted_action: model.enum(["keep", "unsubscribe"]).nullable(),
  /** Set when Omnisend rejected the key: sync stops until the key is changed or tested again. */
  paused_reason: model.text().nullable(),
  paused_at: model.dateTime().nullable(),
})

export default OmnisendSettings
