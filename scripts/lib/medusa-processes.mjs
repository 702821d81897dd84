import { fork, spawn } from "node:child_process"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)

/** `medusa db:migrate` for the database at `databaseUrl`: core, link and plugin module tables. */
export function migrateDatabase(databaseUrl, env = {}) {
  return new Promise((resolve, reject) => {
    let output = ""
    const child = spawn(process.execPath, [require.resolve("@medusajs/cli/cli.js"), "db:migrate"], {
      env: { ...process.env, ...env, DATABASE_URL: databaseUrl, MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`medusa db:migrate exited with ${code}:\n${output.slice(-3000)}`))
    )
  })
}

/**
 * Starts a TypeScript file of this repository in a child process with an IPC channel (ts-node with
 * swc, as the Medusa CLI runs TypeScript). `waitFor(type)` resolves with the next message of that
 * type, and rejects if the child exits first.
 */
export function forkTypeScript(file, args = [], { env = {}, execArgv = [], silent = false } = {}) {
  const child = fork(file, args, {
    execArgv: ["-r", "ts-node/register", ...execArgv],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ...env },
    stdio: silent ? ["ignore", "ignore", "pipe", "ipc"] : ["ignore", "inherit", "inherit", "ipc"],
  })
  let stderr = ""
  child.stderr?.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)))
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  return {
    child,
    exited,
    waitFor(type) {
      return new Promise((resolve, reject) => {
        const onMessage = (message) => {
          if (message?.type === type) {
            child.off("message", onMessage)
            resolve(message)
          }
        }
        child.on("message", onMessage)
        exited.then(({ code, signal }) =>
          reject(new Error(`${file} exited (${signal ?? `code ${code}`}) before sending "${type}"${stderr ? `:\n${stderr}` : ""}`))
        )
      })
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM")
      }
      await exited
    },
  }
}
