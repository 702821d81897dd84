import { runJestWithPostgres } from "./lib/run-jest-with-postgres.mjs"

/**
 * `npm test`: unit, module and HTTP integration tests in one jest run, against the PostgreSQL
 * named by DB_HOST, or an embedded one started (and removed) here when none is configured.
 * Extra arguments go to jest, e.g. `npm test -- src/mapping`.
 */
await runJestWithPostgres(process.argv.slice(2), {
  // Boot and migration chatter of every test store buries the test report.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
  // The Medusa test runner loads medusa-config.ts with a dynamic import.
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
})
