import type { ResolvedOmnisendSettings } from "./resolved-settings"

/** Why syncs do nothing right now, in a merchant's words; null when sync is active. */
export function describeInactiveSync({ options, apiKey, paused, locked }: ResolvedOmnisendSettings): string | null {
  if (paused) {
    return `Omnisend sync is paused: ${paused.reason} Test the connection or save a new API key in Settings -> Omnisend to resume.`
  }
  if (!apiKey.value) {
    return apiKey.problem ?? "No Omnisend API key is saved yet: enter it in Settings -> Omnisend."
  }
  if (!options.enabled) {
    return locked.includes("enabled")
      ? "Omnisend sync is turned off by the plugin's enabled option in medusa-config.ts."
      : "Omnisend sync is turned off in Settings -> Omnisend."
  }
  return null
}
