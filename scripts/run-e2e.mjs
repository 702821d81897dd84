import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { ensurePostgres } from "./lib/local-postgres.mjs"

/**
 * `npm run test:e2e`: the admin pages in Debian's Chromium against a store built from this
 * repository, with PostgreSQL from DB_HOST or an embedded one. Extra arguments go to jest.
 * E2E_SCREENSHOTS_DIR=docs refreshes the screenshots the README shows.
 */
const require = createRequire(import.meta.url)
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
if (!existsSync(chromium)) {
  console.error(`Chromium is not installed at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH).`)
  process.exit(1)
}

const postgres = await ensurePostgres({ log: (line) => console.log(line) })
const stopAndExit = async (code) => {
  await postgres.stop()
  process.exit(code)
}
process.on("SIGINT", () => stopAndExit(130))
process.on("SIGTERM", () => stopAndExit(143))

const jest = spawn(
  process.execPath,
  [require.resolve("jest/bin/jest"), "--config", "jest.e2e.config.js", "--runInBand", "--forceExit", ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, ...postgres.env, MEDUSA_DISABLE_TELEMETRY: "true" } }
)
jest.on("exit", (code, signal) => stopAndExit(code ?? (signal ? 1 : 0)))
