import { ConfigModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, isProduction, MedusaError, MedusaService } from "@medusajs/framework/utils"
import { OmnisendClient } from "./client"
import type { AccountResponse, RequestBudget, RequestPriority } from "./client"
import BackfillRun from "./models/backfill-run"
import OmnisendSettings from "./models/omnisend-settings"
import SyncLedgerEntry from "./models/sync-ledger-entry"
import UnsubscribeSyncState from "./models/unsubscribe-sync-state"
import { OmnisendPluginOptions, parseOmnisendOptions } from "./options"
import { createRequestBudget } from "./rate-budget/create-request-budget"
import { AdminSettingField, findLockedSettings } from "./settings/admin-settings-fields"
import { ApiKeyCipher, createApiKeyCipher } from "./settings/api-key-cipher"
import { apiKeyLast4 } from "./settings/api-key-last4"
import { applyStoredSettings, OmnisendSettingsRecord, StoredConsentKeys } from "./settings/apply-stored-settings"
import { judgeEncryptionSecret, resolveEncryptionSecret, WeakEncryptionSecretError } from "./settings/encryption-secret"
import type { ApiKeyStatus, ResolvedOmnisendSettings } from "./settings/resolved-settings"
import { OmnisendSyncSettings, syncSettingsFromOptions } from "./sync-settings"

type InjectedDependencies = {
  logger: Logger
  configModule?: ConfigModule
  [ContainerRegistrationKeys.PG_CONNECTION]?: unknown
}

/** The settings table holds one row; a fixed id keeps concurrent first saves from creating two. */
export const OMNISEND_SETTINGS_ID = "omset_store"

/** The single row of the unsubscribe sync's position, fixed for the same reason. */
export const UNSUBSCRIBE_SYNC_STATE_ID = "omuns_store"

/** Where the unsubscribe sync's next run starts. */
export interface UnsubscribeSyncPosition {
  /** Null: the first page. */
  cursor: string | null
  failed_runs_at_cursor: number
}

export interface SealedApiKey {
  api_key_encrypted: string
  api_key_last4: string | null
}

/** Columns of the settings row a save may change; null puts a setting back to its option's value. */
export type OmnisendSettingsChanges = Partial<{
  api_key_encrypted: string | null
  api_key_last4: string | null
  enabled: boolean | null
  consent_keys: StoredConsentKeys | null
  tags: string[] | null
  custom_property_keys: string[] | null
  send_welcome_message: boolean | null
  backfill_schedule_enabled: boolean | null
  customer_deleted_action: "keep" | "unsubscribe" | null
  paused_reason: string | null
  paused_at: Date | null
}>

// The module's own container always has configModule; resolving it must never break the service.
function readConfigModule(container: InjectedDependencies): ConfigModule | undefined {
  try {
    return container.configModule
  } catch {
    return undefined
  }
}

function clientCacheKey(apiKey: string, priority: RequestPriority): string {
  return `${priority}:${apiKey}`
}

// Medusa hands every module the store's knex connection; without it the request budget is per process.
function readPgConnection(container: InjectedDependencies): unknown {
  try {
    return container[ContainerRegistrationKeys.PG_CONNECTION]
  } catch {
    return undefined
  }
}

/**
 * The plugin's module service: generated CRUD for the sync ledger, settings and backfill runs; the
 * settings in force (plugin options merged with the merchant's, the API key decrypted); and Omnisend
 * clients per key. Orchestration lives in workflows, not here.
 */
class OmnisendModuleService extends MedusaService({
  SyncLedgerEntry,
  OmnisendSettings,
  BackfillRun,
  UnsubscribeSyncState,
}) {
  protected readonly options_: OmnisendPluginOptions
  protected readonly logger_: Logger
  protected readonly locked_: AdminSettingField[]
  private readonly cipher_: ApiKeyCipher | null
  private readonly cipherRefusal_: WeakEncryptionSecretError | null = null
  private clients_ = new Map<string, OmnisendClient>()
  private budgets_ = new Map<string, RequestBudget>()
  private readonly pgConnection_: () => unknown
  private reportedUnreadableKey_: string | null = null

  constructor(container: InjectedDependencies, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = container.logger
    this.options_ = parseOmnisendOptions(options)
    this.locked_ = findLockedSettings(options)
    this.pgConnection_ = () => readPgConnection(container)
    const secret = resolveEncryptionSecret(this.options_, readConfigModule(container))
    const verdict = secret && judgeEncryptionSecret(secret, isProduction())
    if (verdict && "refused" in verdict) {
      // Refused only where the key is encrypted: a store whose key comes from medusa-config.ts still boots and syncs.
      this.cipherRefusal_ = verdict.refused
      this.cipher_ = null
    } else {
      if (verdict?.warning) {
        this.logger_.warn(verdict.warning)
      }
      this.cipher_ = verdict ? createApiKeyCipher(verdict.accepted.secret) : null
    }
  }

  getOptions(): OmnisendPluginOptions {
    return this.options_
  }

  /**
   * What a sync needs to know right now: whether it is on, the key, and how to map. Read from the
   * database on every call, so a change in Medusa Admin applies to the next sync without a restart.
   */
  async getSyncSettings(): Promise<OmnisendSyncSettings> {
    const resolved = await this.resolveSettings()
    const settings = syncSettingsFromOptions(resolved.options)
    // A rejected key stays rejected: syncing on would only fail customer after customer.
    return resolved.paused ? { ...settings, enabled: false } : settings
  }

  /** Settings given in medusa-config.ts, which Medusa Admin shows read-only. */
  getLockedSettings(): AdminSettingField[] {
    return [...this.locked_]
  }

  async retrieveSettingsRecord(): Promise<OmnisendSettingsRecord | null> {
    const [record] = await this.listOmnisendSettings({ id: OMNISEND_SETTINGS_ID })
    return record ?? null
  }

  /** The settings in force: locked options, then the merchant's settings, then option defaults. */
  async resolveSettings(): Promise<ResolvedOmnisendSettings> {
    const record = await this.retrieveSettingsRecord()
    const locked = this.getLockedSettings()
    const apiKey = this.resolveApiKey_(record, locked)
    return {
      options: applyStoredSettings(this.options_, record, locked, apiKey.source === "admin" ? apiKey.value : undefined),
      apiKey,
      locked,
      paused: record?.paused_at ? { reason: record.paused_reason ?? "", at: record.paused_at } : null,
    }
  }

  /** Encrypts a key for the settings row; the plain key is never stored. */
  sealApiKey(apiKey: string): SealedApiKey {
    const key = apiKey.trim()
    return { api_key_encrypted: this.requireCipher_().encrypt(key), api_key_last4: apiKeyLast4(key) }
  }

  /** The plain key of a value made by sealApiKey; throws OmnisendApiKeyUnreadableError otherwise. */
  unsealApiKey(sealed: string): string {
    return this.requireCipher_().decrypt(sealed)
  }

  /** Creates the settings row on the first save, updates it afterwards. */
  async upsertSettingsRecord(changes: OmnisendSettingsChanges): Promise<OmnisendSettingsRecord> {
    // The generated types see JSON columns as records; arrays are stored as JSON all the same.
    const data = { ...changes, id: OMNISEND_SETTINGS_ID } as unknown as OmnisendSettingsRecord
    if (await this.retrieveSettingsRecord()) {
      return await this.updateOmnisendSettings(data)
    }
    try {
      return await this.createOmnisendSettings(data)
    } catch (error) {
      // Two first saves at once (e.g. a burst of syncs pausing on the same rejected key): one creates.
      if (!(await this.retrieveSettingsRecord())) {
        throw error
      }
      return await this.updateOmnisendSettings(data)
    }
  }

  /**
   * Pauses sync after Omnisend rejected `apiKey` (401/403), unless the key in force changed since
   * (a sync that started with the old key must not pause the new one). Answers whether it paused.
   */
  async pauseSyncForRejectedKey(apiKey: string, reason: string): Promise<boolean> {
    const { apiKey: current, paused } = await this.resolveSettings()
    if (paused || current.value !== apiKey) {
      return false
    }
    await this.upsertSettingsRecord({ paused_reason: reason, paused_at: new Date() })
    this.logger_.warn(`Omnisend: sync paused until the API key is changed or tested again in Settings -> Omnisend. ${reason}`)
    return true
  }

  /** Where the unsubscribe sync's next run starts: the first page until a run has stored a position. */
  async retrieveUnsubscribeSyncPosition(): Promise<UnsubscribeSyncPosition> {
    const [state] = await this.listUnsubscribeSyncStates({ id: UNSUBSCRIBE_SYNC_STATE_ID })
    return { cursor: state?.cursor ?? null, failed_runs_at_cursor: state?.failed_runs_at_cursor ?? 0 }
  }

  async saveUnsubscribeSyncPosition(position: UnsubscribeSyncPosition): Promise<void> {
    const data = { id: UNSUBSCRIBE_SYNC_STATE_ID, ...position }
    const [state] = await this.listUnsubscribeSyncStates({ id: UNSUBSCRIBE_SYNC_STATE_ID })
    if (state) {
      await this.updateUnsubscribeSyncStates(data)
    } else {
      await this.createUnsubscribeSyncStates(data)
    }
  }

  /** Calls Omnisend's cheapest authenticated endpoint with `apiKey`; throws a typed OmnisendError. */
  async checkApiKey(apiKey: string): Promise<AccountResponse> {
    // Keys being tried out are not cached: only keys in use earn a long-lived client.
    const client = this.clients_.get(clientCacheKey(apiKey, "live")) ?? this.createClient_(apiKey)
    return await client.getAccount()
  }

  /**
   * A client for the given key (the configured one by default). Clients are cached per key and
   * priority so retries and connection reuse work across calls; null when no key is configured.
   * Background work (backfill, polling jobs) asks for "background": it yields to live changes.
   */
  getClient(apiKey: string | undefined = this.options_.apiKey, priority: RequestPriority = "live"): OmnisendClient | null {
    if (!apiKey) {
      return null
    }
    const cacheKey = clientCacheKey(apiKey, priority)
    let client = this.clients_.get(cacheKey)
    if (!client) {
      client = this.createClient_(apiKey, priority)
      this.clients_.set(cacheKey, client)
    }
    return client
  }

  private createClient_(apiKey: string, priority: RequestPriority = "live"): OmnisendClient {
    return new OmnisendClient({
      apiKey,
      apiUrl: this.options_.apiUrl,
      timeoutMs: this.options_.requestTimeoutMs,
      maxRetries: this.options_.maxRetries,
      budget: this.budgetFor_(apiKey),
      priority,
      logger: this.logger_,
    })
  }

  /** One budget per account in this process, whatever the priority, so live requests pass background ones. */
  private budgetFor_(apiKey: string): RequestBudget {
    let budget = this.budgets_.get(apiKey)
    if (!budget) {
      budget = createRequestBudget({
        apiKey,
        shares: { share: this.options_.rateBudgetShare, liveReserve: this.options_.rateBudgetLiveReserve },
        pgConnection: this.pgConnection_(),
        logger: this.logger_,
      })
      this.budgets_.set(apiKey, budget)
    }
    return budget
  }

  private requireCipher_(): ApiKeyCipher {
    if (this.cipherRefusal_) {
      throw this.cipherRefusal_
    }
    if (!this.cipher_) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "The Omnisend API key cannot be encrypted: set the plugin's encryptionKey option or the store's projectConfig.http.cookieSecret."
      )
    }
    return this.cipher_
  }

  private resolveApiKey_(record: OmnisendSettingsRecord | null, locked: AdminSettingField[]): ApiKeyStatus {
    if (locked.includes("api_key")) {
      const value = this.options_.apiKey
      return { value, source: "options", last4: value ? apiKeyLast4(value) : null, problem: null }
    }
    if (!record?.api_key_encrypted) {
      return { value: undefined, source: null, last4: null, problem: null }
    }
    const status = { source: "admin" as const, last4: record.api_key_last4 }
    try {
      return { ...status, value: this.unsealApiKey(record.api_key_encrypted), problem: null }
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error)
      // Once per saved value: this runs on every sync.
      if (this.reportedUnreadableKey_ !== record.api_key_encrypted) {
        this.reportedUnreadableKey_ = record.api_key_encrypted
        this.logger_.warn(`Omnisend: sync is off. ${problem}`)
      }
      return { ...status, value: undefined, problem }
    }
  }
}

export default OmnisendModuleService
