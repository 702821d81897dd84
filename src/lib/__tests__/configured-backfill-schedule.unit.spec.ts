import { configManager } from "@medusajs/framework/config"
import { configuredBackfillSchedule } from "../configured-backfill-schedule"

function loadConfig(modules: Record<string, unknown>) {
  configManager.loadConfig({
    projectConfig: { projectConfig: { databaseUrl: "postgres://localhost/test", http: { jwtSecret: "s", cookieSecret: "s" } }, modules } as any,
    baseDir: process.cwd(),
  })
}

describe("configuredBackfillSchedule", () => {
  it("reads the backfillSchedule option of the plugin's module", () => {
    loadConfig({ omnisend: { resolve: "medusa-plugin-omnisend/modules/omnisend", options: { backfillSchedule: "0 * * * *" } } })
    expect(configuredBackfillSchedule()).toBe("0 * * * *")
  })

  it("defaults to every 15 minutes", () => {
    loadConfig({ omnisend: { resolve: "medusa-plugin-omnisend/modules/omnisend", options: {} } })
    expect(configuredBackfillSchedule()).toBe("*/15 * * * *")
  })
})
