import { defineConfig } from "@medusajs/framework/utils"

/**
 * The store of `npm run test:chaos`, copied into its temporary directory as medusa-config.ts: a
 * production shape, one server and workers (MEDUSA_WORKER_MODE) sharing Redis for events, workflows,
 * cache and locks, with this repository's plugin code (a snapshot of src/ taken at the start of the
 * run) pointed at the chaos Omnisend emulator.
 */
const redisUrl = process.env.REDIS_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: (process.env.MEDUSA_WORKER_MODE ?? "shared") as "shared" | "worker" | "server",
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET!,
      cookieSecret: process.env.COOKIE_SECRET!,
    },
  },
  admin: { disable: true },
  modules: [
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
      },
    },
    {
      resolve: "./src/modules/omnisend",
      options: {
        apiKey: process.env.OMNISEND_API_KEY || undefined,
        apiUrl: process.env.OMNISEND_API_URL || undefined,
        // The chaos run starts every backfill itself; a scheduled one would race the runs it measures.
        backfillScheduleEnabled: false,
        unsubscribeSyncEnabled: false,
      },
    },
  ],
})
