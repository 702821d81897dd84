import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { ensurePostgres } from "./local-postgres.mjs"

const require = createRequire(import.meta.url)

/**
 * Runs jest in band against the PostgreSQL ensurePostgres gives (DB_HOST's, or an embedded one that
 * is removed afterwards), then exits with jest's code. Also on Ctrl-C, so no database is left behind.
 * `runs` are jest invocations one after the other on the same database; the first that fails ends it.
 */
export async function runJestWithPostgres(jestArgs, env = {}, followUps = []) {
  const postgres = await ensurePostgres({ log: (line) => console.log(line) })
  const stopAndExit = async (code) => {
    await postgres.stop()
    process.exit(code)
  }
  process.on("SIGINT", () => stopAndExit(130))
  process.on("SIGTERM", () => stopAndExit(143))

  const baseEnv = {
    ...process.env,
    ...postgres.env,
    MEDUSA_DISABLE_TELEMETRY: process.env.MEDUSA_DISABLE_TELEMETRY ?? "true",
    ...env,
  }
  for (const run of [{ args: jestArgs }, ...followUps]) {
    if (run.title) {
      console.log(`\n${run.title}`)
    }
    const code = await runJest(run.args, { ...baseEnv, ...run.env })
    if (code !== 0) {
      return stopAndExit(code)
    }
  }
  return stopAndExit(0)
}

function runJest(args, env) {
  return new Promise((resolve) => {
    const jest = spawn(process.execPath, [require.resolve("jest/bin/jest"), "--runInBand", "--forceExit", ...args], {
      stdio: "inherit",
      env,
    })
    jest.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
