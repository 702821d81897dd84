import type { OmnisendPluginOptions } from "../options"
import type { AdminSettingField } from "./admin-settings-fields"

export type ApiKeySource = "options" | "admin"

export interface ApiKeyStatus {
  /** The key itself: for building a client only, never for a response or a log line. */
  value: string | undefined
  /** Where the key comes from: medusa-config.ts, the admin, or nowhere yet. */
  source: ApiKeySource | null
  last4: string | null
  /** Why a saved key cannot be used (it cannot be decrypted). */
  problem: string | null
}

export interface SyncPause {
  reason: string
  at: Date
}

/** The plugin's settings as they apply right now, with where they come from. */
export interface ResolvedOmnisendSettings {
  /** Options after the merchant's settings are applied (see applyStoredSettings). */
  options: OmnisendPluginOptions
  apiKey: ApiKeyStatus
  locked: AdminSettingField[]
  /** Set while sync is paused because Omnisend rejected the key. */
  paused: SyncPause | null
}
