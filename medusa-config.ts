import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The store used by this repository's integration tests and its demo: the plugin's own code
 * (src/) loaded as project code, with the Omnisend module configured from the environment.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000",
      authCors: process.env.AUTH_CORS ?? "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  modules: [
    {
      resolve: "./src/modules/omnisend",
      options: {
        apiKey: process.env.OMNISEND_API_KEY || undefined,
        apiUrl: process.env.OMNISEND_API_URL || undefined,
        requestTimeoutMs: process.env.OMNISEND_TIMEOUT_MS ? Number(process.env.OMNISEND_TIMEOUT_MS) : undefined,
        birthdateKey: process.env.OMNISEND_BIRTHDATE_KEY || undefined,
        genderKey: process.env.OMNISEND_GENDER_KEY || undefined,
        backfillSchedule: process.env.OMNISEND_BACKFILL_SCHEDULE || undefined,
        backfillScheduleEnabled: process.env.OMNISEND_BACKFILL_SCHEDULE_ENABLED
          ? process.env.OMNISEND_BACKFILL_SCHEDULE_ENABLED === "true"
          : undefined,
        recoveryJobsEnabled: process.env.OMNISEND_RECOVERY_JOBS_ENABLED
          ? process.env.OMNISEND_RECOVERY_JOBS_ENABLED === "true"
          : undefined,
        unsubscribeSyncEnabled: process.env.OMNISEND_UNSUBSCRIBE_SYNC_ENABLED
          ? process.env.OMNISEND_UNSUBSCRIBE_SYNC_ENABLED === "true"
          : undefined,
        unsubscribeSyncSchedule: process.env.OMNISEND_UNSUBSCRIBE_SYNC_SCHEDULE || undefined,
        unsubscribeSyncMaxPages: process.env.OMNISEND_UNSUBSCRIBE_SYNC_MAX_PAGES
          ? Number(process.env.OMNISEND_UNSUBSCRIBE_SYNC_MAX_PAGES)
          : undefined,
      },
    },
  ],
})
