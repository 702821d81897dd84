import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { ensurePostgres } from "./lib/local-postgres.mjs"

/**
 * `npm test`: unit, module and HTTP integration tests in one jest run, against the PostgreSQL
 * named by DB_HOST, or an embedded one started (and removed) here when none is configured.
 * Extra arguments go to jest, e.g. `npm test -- src/mapping`.
 */
const require = createRequire(import.meta.url)
const postgres = await ensurePostgres({ log: (line) => console.log(line) })

const stopAndExit = async (code) => {
  await postgres.stop()
  process.exit(code)
}
process.on("SIGINT", () => stopAndExit(130))
process.on("SIGTERM", () => stopAndExit(143))

const jest = spawn(
  process.execPath,
  [require.resolve("jest/bin/jest"), "--runInBand", "--forceExit", ...process.argv.slice(2)],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      ...postgres.env,
      MEDUSA_DISABLE_TELEMETRY: process.env.MEDUSA_DISABLE_TELEMETRY ?? "true",
      // Boot and migration chatter of every test store buries the test report.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
      // The Medusa test runner loads medusa-config.ts with a dynamic import.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
    },
  }
)
jest.on("exit", (code, signal) => stopAndExit(code ?? (signal ? 1 : 0)))
