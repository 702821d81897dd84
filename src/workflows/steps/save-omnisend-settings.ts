import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OMNISEND_SETTINGS_ID } from "../../modules/omnisend/service"
import type { OmnisendSettingsChanges, SealedApiKey } from "../../modules/omnisend/service"
import type {
  OmnisendSettingsRecord,
  StoredConsentKeys,
} from "../../modules/omnisend/settings/apply-stored-settings"

export interface UpdateOmnisendSettingsInput {
  /** Sealed by the module before the workflow starts: a plain key never enters a workflow's stored state. */
  api_key?: SealedApiKey
  enabled?: boolean
  consent_keys?: StoredConsentKeys
  tags?: string[]
  custom_property_keys?: string[]
  send_welcome_message?: boolean
  backfill_schedule_enabled?: boolean
  customer_deleted_action?: "keep" | "unsubscribe"
}

const SAVED_COLUMNS = [
  "api_key_encrypted",
  "api_key_last4",
  "enabled",
  "consent_keys",
  "tags",
  "custom_property_keys",
  "send_welcome_message",
  "backfill_schedule_enabled",
  "customer_deleted_action",
  "paused_reason",
  "paused_at",
] as const

function columnsOf(record: OmnisendSettingsRecord): OmnisendSettingsChanges {
  return Object.fromEntries(SAVED_COLUMNS.map((column) => [column, record[column]])) as unknown as OmnisendSettingsChanges
}

/** Writes the merchant's settings into the settings row; a new API key also lifts a pause. */
export const saveOmnisendSettingsStep = createStep(
  "save-omnisend-settings",
  async (input: UpdateOmnisendSettingsInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const { api_key, ...settings } = input
    const changes: OmnisendSettingsChanges = { ...settings }
    if (api_key) {
      // A different key deserves a fresh chance; if it is rejected too, the next sync pauses again.
      Object.assign(changes, { ...api_key, paused_reason: null, paused_at: null })
    }
    const previous = await omnisend.retrieveSettingsRecord()
    const saved = await omnisend.upsertSettingsRecord(changes)
    return new StepResponse(saved, previous ? columnsOf(previous) : null)
  },
  async (previous, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    if (previous === undefined) {
      return
    }
    if (previous === null) {
      await omnisend.deleteOmnisendSettings(OMNISEND_SETTINGS_ID)
      return
    }
    await omnisend.upsertSettingsRecord(previous)
  }
)
