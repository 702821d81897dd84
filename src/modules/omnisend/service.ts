import { Logger } from "@medusajs/framework/types"
import { MedusaService } from "@medusajs/framework/utils"
import { OmnisendClient } from "./client"
import BackfillRun from "./models/backfill-run"
import OmnisendSettings from "./models/omnisend-settings"
import SyncLedgerEntry from "./models/sync-ledger-entry"
import { OmnisendPluginOptions, parseOmnisendOptions } from "./options"
import { OmnisendSyncSettings, syncSettingsFromOptions } from "./sync-settings"

type InjectedDependencies = {
  logger: Logger
}

/**
 * The plugin's module service: generated CRUD for the sync ledger, plus the Omnisend client built
 * from the plugin options. Orchestration lives in workflows, not here.
 */
class OmnisendModuleService extends MedusaService({ SyncLedgerEntry, OmnisendSettings, BackfillRun }) {
  protected readonly options_: OmnisendPluginOptions
  protected readonly logger_: Logger
  private clients_ = new Map<string, OmnisendClient>()

  constructor(container: InjectedDependencies, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = container.logger
    this.options_ = parseOmnisendOptions(options)
  }

  getOptions(): OmnisendPluginOptions {
    return this.options_
  }

  /** What a sync needs to know right now: whether it is on, the key, and how to map. */
  async getSyncSettings(): Promise<OmnisendSyncSettings> {
    return syncSettingsFromOptions(this.options_)
  }

  /**
   * A client for the given key (the configured one by default). Clients are cached per key so
   * retries and connection reuse work across calls; null when no key is configured.
   */
  getClient(apiKey: string | undefined = this.options_.apiKey): OmnisendClient | null {
    if (!apiKey) {
      return null
    }
    let client = this.clients_.get(apiKey)
    if (!client) {
      client = new OmnisendClient({
        apiKey,
        apiUrl: this.options_.apiUrl,
        timeoutMs: this.options_.requestTimeoutMs,
        maxRetries: this.options_.maxRetries,
        logger: this.logger_,
      })
      this.clients_.set(apiKey, client)
    }
    return client
  }
}

export default OmnisendModuleService
