import path from "node:path"
import express from "express"
import type { MedusaContainer } from "@medusajs/framework/types"

export interface BootedMedusa {
  container: MedusaContainer
  /** Set when asked to listen: the port the HTTP API answers on. */
  port: number | null
  shutdown(): Promise<void>
}

/**
 * Boots the store of this repository (medusa-config.ts and src/, DATABASE_URL from the environment)
 * inside this process, the way Medusa's integration test runner does: the framework's loaders on an
 * express app, the admin UI left out. Optionally listens on a port for the HTTP API.
 */
export async function bootMedusa({ directory, listen = false }: { directory: string; listen?: boolean }): Promise<BootedMedusa> {
  const { configManager } = await import("@medusajs/framework/config")
  const { getConfigFile } = await import("@medusajs/framework/utils")
  const { configModule, error } = await getConfigFile<Record<string, any>>(directory, "medusa-config")
  if (error) {
    throw error
  }
  // The admin UI would be built with Vite at boot: a minute for nothing the scripts need.
  configModule.admin = { ...configModule.admin, disable: true }
  configManager.loadConfig({ projectConfig: configModule as any, baseDir: directory })

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaders = require("@medusajs/medusa/loaders/index").default
  const app = express()
  const { container, shutdown } = await loaders({ directory: path.resolve(directory), expressApp: app })
  if (!listen) {
    return { container, port: null, shutdown }
  }
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening)).on("error", reject)
  })
  const address = server.address()
  return {
    container,
    port: typeof address === "object" && address ? address.port : null,
    shutdown: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await shutdown()
    },
  }
}
