import { existsSync } from "node:fs"
import { runJestWithPostgres } from "./lib/run-jest-with-postgres.mjs"

/**
 * `npm run test:e2e`: the admin pages in Debian's Chromium against a store built from this
 * repository, with PostgreSQL from DB_HOST or an embedded one. Extra arguments go to jest.
 * E2E_SCREENSHOTS_DIR=docs refreshes the screenshots the README shows.
 */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
if (!existsSync(chromium)) {
  console.error(`Chromium is not installed at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH).`)
  process.exit(1)
}

await runJestWithPostgres(["--config", "jest.e2e.config.js", ...process.argv.slice(2)])
