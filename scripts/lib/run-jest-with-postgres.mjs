import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { ensurePostgres } from "./local-postgres.mjs"

const require = createRequire(import.meta.url)

/**
 * Runs jest in band against the PostgreSQL ensurePostgres gives (DB_HOST's, or an embedded one that
 * is removed afterwards), then exits with jest's code. Also on Ctrl-C, so no database is left behind.
 */
export async function runJestWithPostgres(jestArgs, env = {}) {
  const postgres = await ensurePostgres({ log: (line) => console.log(line) })
  const stopAndExit = async (code) => {
    await postgres.stop()
    process.exit(code)
  }
  process.on("SIGINT", () => stopAndExit(130))
  process.on("SIGTERM", () => stopAndExit(143))

  const jest = spawn(process.execPath, [require.resolve("jest/bin/jest"), "--runInBand", "--forceExit", ...jestArgs], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...postgres.env,
      MEDUSA_DISABLE_TELEMETRY: process.env.MEDUSA_DISABLE_TELEMETRY ?? "true",
      ...env,
    },
  })
  jest.on("exit", (code, signal) => stopAndExit(code ?? (signal ? 1 : 0)))
}
