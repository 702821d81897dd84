import type { ContactMappingConfig } from "../../mapping/contact-mapping-config"
import type { OmnisendPluginOptions } from "./options"

/** The settings one sync runs with. */
export interface OmnisendSyncSettings {
  /** False when the merchant turned sync off, or no API key is configured yet. */
  enabled: boolean
  apiKey: string | undefined
  mapping: ContactMappingConfig
  customerDeletedAction: "keep" | "unsubscribe"
  /** Whether the scheduled job backfills customers never synced or changed since. */
  backfillScheduleEnabled: boolean
}

export function syncSettingsFromOptions(options: OmnisendPluginOptions): OmnisendSyncSettings {
  return {
    enabled: options.enabled && Boolean(options.apiKey),
    apiKey: options.apiKey,
    mapping: {
      tags: options.tags,
      customPropertyKeys: options.customPropertyKeys,
      consentKeys: options.consentKeys,
      birthdateKey: options.birthdateKey,
      genderKey: options.genderKey,
      sendWelcomeMessage: options.sendWelcomeMessage,
      sendAddressPhone: options.sendAddressPhone,
    },
    customerDeletedAction: options.customerDeletedAction,
    backfillScheduleEnabled: options.backfillScheduleEnabled,
  }
}
