import { configManager } from "@medusajs/framework/config"
import { OMNISEND_MODULE } from "../modules/omnisend"
import { parseOmnisendOptions } from "../modules/omnisend/options"

/**
 * The `backfillSchedule` plugin option. A job's schedule is read once, when Medusa registers the
 * job; by then medusa-config.ts is loaded and the plugin's options are those of its module.
 */
export function configuredBackfillSchedule(): string {
  const module = configManager.config.modules?.[OMNISEND_MODULE]
  const options = typeof module === "object" && module !== null && "options" in module ? module.options : undefined
  return parseOmnisendOptions(options).backfillSchedule
}
