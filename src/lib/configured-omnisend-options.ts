import { configManager } from "@medusajs/framework/config"
import { OMNISEND_MODULE } from "../modules/omnisend"
import { parseOmnisendOptions, type OmnisendPluginOptions } from "../modules/omnisend/options"

/**
 * The plugin's options as medusa-config.ts gives them, for what is read before any container
 * exists: a job's schedule is read once, when Medusa registers the job; by then medusa-config.ts
 * is loaded and the plugin's options are those of its module.
 */
export function configuredOmnisendOptions(): OmnisendPluginOptions {
  const module = configManager.config.modules?.[OMNISEND_MODULE]
  const options = typeof module === "object" && module !== null && "options" in module ? module.options : undefined
  return parseOmnisendOptions(options)
}
