import { configManager } from "@medusajs/framework/config"
import { configuredUnsubscribeSyncSchedule } from "../configured-unsubscribe-sync-schedule"

function loadConfig(modules: Record<string, unknown>) {
  configManager.loadConfig({
    projectConfig: { projectConfig: { databaseUrl: "postgres://localhost/test", http: { jwtSecret: "s", cookieSecret: "s" } }, modules } as any,
    baseDir: process.cwd(),
  })
}

describe("configuredUnsubscribeSyncSchedule", () => {
  it("reads the unsubscribeSyncSchedule option of the plugin's module", () => {
    loadConfig({ omnisend: { resolve: "medusa-plugin-omnisend/modules/omnisend", options: { unsubscribeSyncSchedule: "0 */2 * * *" } } })
    expect(configuredUnsubscribeSyncSchedule()).toBe("0 */2 * * *")
  })

  it("defaults to every 30 minutes", () => {
    loadConfig({ omnisend: { resolve: "medusa-plugin-omnisend/modules/omnisend", options: {} } })
    expect(configuredUnsubscribeSyncSchedule()).toBe("*/30 * * * *")
  })
})
