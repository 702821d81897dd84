import type { ResolvedOmnisendSettings } from "../../../../modules/omnisend/settings/resolved-settings"
import { describeInactiveSync } from "../../../../modules/omnisend/settings/describe-inactive-sync"

/** The settings as the admin sees them. The key itself never leaves the server: only whether it is set and its last 4. */
export function settingsResponse(resolved: ResolvedOmnisendSettings) {
  const { options, apiKey, locked, paused } = resolved
  const inactiveReason = describeInactiveSync(resolved)
  return {
    // Set: there is a key, even one that cannot be decrypted any more (problem says so).
    api_key: { set: apiKey.value !== undefined || apiKey.problem !== null, last4: apiKey.last4, source: apiKey.source, problem: apiKey.problem },
    enabled: options.enabled,
    consent_keys: {
      email: options.consentKeys.email,
      email_at: options.consentKeys.emailAt,
      sms: options.consentKeys.sms,
      sms_at: options.consentKeys.smsAt,
    },
    tags: options.tags,
    custom_property_keys: options.customPropertyKeys,
    send_welcome_message: options.sendWelcomeMessage,
    backfill_schedule_enabled: options.backfillScheduleEnabled,
    customer_deleted_action: options.customerDeletedAction,
    /** Settings given in medusa-config.ts: read-only here. */
    locked_fields: locked,
    paused: paused ? { reason: paused.reason, paused_at: paused.at } : null,
    sync_active: inactiveReason === null,
    inactive_reason: inactiveReason,
  }
}
