/** Shapes of the plugin's admin API (src/api/admin/omnisend), as the admin pages read them. */

export type LedgerState = "synced" | "pending" | "failed" | "skipped"
export type ChannelStatus = "subscribed" | "unsubscribed" | "nonSubscribed"
export type SettingField =
  | "api_key"
  | "enabled"
  | "consent_keys"
  | "tags"
  | "custom_property_keys"
  | "send_welcome_message"
  | "backfill_schedule_enabled"
  | "customer_deleted_action"

export interface ConsentKeys {
  email: string
  email_at: string
  sms: string
  sms_at: string
}

export interface OmnisendSettings {
  api_key: { set: boolean; last4: string | null; source: "options" | "admin" | null; problem: string | null }
  enabled: boolean
  consent_keys: ConsentKeys
  tags: string[]
  custom_property_keys: string[]
  send_welcome_message: boolean
  backfill_schedule_enabled: boolean
  customer_deleted_action: "keep" | "unsubscribe"
  locked_fields: SettingField[]
  paused: { reason: string; paused_at: string } | null
  sync_active: boolean
  inactive_reason: string | null
}

export interface OmnisendSettingsChanges {
  api_key?: string
  enabled?: boolean
  consent_keys?: ConsentKeys
  tags?: string[]
  custom_property_keys?: string[]
  send_welcome_message?: boolean
  backfill_schedule_enabled?: boolean
  customer_deleted_action?: "keep" | "unsubscribe"
}

export type ConnectionTestResult =
  | { ok: true; brand: { brand_id: string; name: string | null; website: string | null }; resumed: boolean }
  | { ok: false; error: { code: string; message: string }; resumed: boolean }

export interface SyncFailure {
  customer_id: string
  email: string | null
  error_code: string | null
  error_message: string | null
  attempts: number
  last_attempt_at: string | null
  /** Still being retried (the reason passes); false when Omnisend refused the data for good. */
  retrying: boolean
  next_attempt_at: string | null
}

/** What a run sent, or for a dry run would send. */
export interface BackfillReport {
  created: number
  updated: number
  unchanged: number
  skipped: Record<string, number>
  failed: Record<string, number>
  subscribed: { email: number; sms: number }
  resent: number
  stopped_batches: number
}

export interface BackfillRun {
  id: string
  status: "running" | "completed" | "failed" | "cancelled"
  dry_run: boolean
  mode: "full" | "changed"
  processed: number
  total: number
  succeeded: number
  failed: number
  skipped: number
  batches: number
  /** 0..1 */
  progress: number
  report: BackfillReport
  started_at: string
  finished_at: string | null
  last_error: string | null
}

export interface OmnisendStatus {
  sync: { active: boolean; inactive_reason: string | null; paused: { reason: string; paused_at: string } | null }
  counts: Record<LedgerState, number>
  failures: SyncFailure[]
  backfill: BackfillRun | null
}

export interface LedgerEntry {
  customer_id: string
  state: LedgerState
  contact_id: string | null
  contact_id_note: string | null
  email: string | null
  email_status: ChannelStatus | null
  phone: string | null
  sms_status: ChannelStatus | null
  last_synced_at: string | null
  last_attempt_at: string | null
  attempts: number
  last_error: string | null
  last_error_code: string | null
  warnings: Array<{ code: string; message: string }>
  customer_deleted_at: string | null
  sync_requested_at: string | null
  next_attempt_at: string | null
}

export interface CustomerSyncResult {
  outcome:
    | { state: "synced"; sent: "create" | "patch" | "none" }
    | { state: "skipped" | "held"; reason: string }
    | { state: "failed"; error: { code: string; message: string } }
    | { state: "disabled" | "customer_missing" }
  entry: LedgerEntry | null
}
