import { randomBytes } from "node:crypto"
import { mkdtemp, rm, symlink } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Client } from "pg"
import { runProcess, startProcess } from "./child-process"
import type { RunningProcess } from "./child-process"

const REPO_ROOT = resolve(__dirname, "../../..")
const MEDUSA_CLI = join(REPO_ROOT, "node_modules/@medusajs/cli/cli.js")
// The store links to the repository: its src/ (plugin code and admin extensions), its config, its packages.
const LINKED_FROM_REPO = ["src", "node_modules", "package.json", "tsconfig.json", "medusa-config.ts"]
const BOOT_TIMEOUT_MS = 120_000

export interface E2eStore {
  url: string
  admin: { email: string; password: string }
  /** Everything the store's processes printed (build, migrations, server). */
  logFile: string
  stop(): Promise<void>
}

export interface E2eStoreOptions {
  omnisendApiUrl: string
  logDir: string
  /** Hidden in the logs kept of the store's processes: each secret is replaced by its mask. */
  secrets: Record<string, string>
  log: (line: string) => void
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.on("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      probe.close(() => resolvePort(typeof address === "object" && address ? address.port : 0))
    })
  })
}

function postgresUrl(database: string): string {
  const { DB_HOST = "localhost", DB_PORT = "5432", DB_USERNAME = "postgres", DB_PASSWORD = "" } = process.env
  const password = DB_PASSWORD ? `:${encodeURIComponent(DB_PASSWORD)}` : ""
  return `postgres://${encodeURIComponent(DB_USERNAME)}${password}@${DB_HOST}:${DB_PORT}/${database}`
}

async function onAdminDatabase<T>(action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: postgresUrl("postgres") })
  await client.connect()
  try {
    return await action(client)
  } finally {
    await client.end()
  }
}

/** The environment of the store's processes: no key from this shell, no jest leftovers. */
function storeEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(JEST_|OMNISEND_|NODE_OPTIONS$|npm_)/.test(name)) {
      env[name] = value
    }
  }
  // NODE_ENV=test: production would mark the admin's session cookie Secure, which plain http never sends.
  return { ...env, NODE_ENV: "test", MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "info", ...extra }
}

async function waitForHealth(url: string, server: RunningProcess): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS
  let exitCode: number | null | undefined
  void server.exited.then((code) => (exitCode = code))
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`The store exited (code ${exitCode}) before it answered /health:\n${server.tail()}`)
    }
    const healthy = await fetch(`${url}/health`).then((response) => response.ok, () => false)
    if (healthy) {
      return
    }
    await new Promise((wait) => setTimeout(wait, 500))
  }
  throw new Error(`The store did not answer /health within ${BOOT_TIMEOUT_MS / 1000} s:\n${server.tail()}`)
}

/**
 * A Medusa store built from this repository with its admin dashboard: a temp directory linking to
 * the repository's src/, config and packages, its admin (with the plugin's extensions) built with
 * Medusa's admin bundler, a fresh database, an admin user, and `medusa start`.
 */
export async function startE2eStore({ omnisendApiUrl, logDir, secrets, log }: E2eStoreOptions): Promise<E2eStore> {
  const database = `omnisend_e2e_${randomBytes(4).toString("hex")}`
  const storeDir = await mkdtemp(join(tmpdir(), "omnisend-e2e-store-"))
  const logFile = join(logDir, "store.log")
  const admin = { email: "admin@example.com", password: `pw-${randomBytes(8).toString("hex")}` }
  const masks = { ...secrets, [admin.password]: "[REDACTED PASSWORD]" }
  const redact = (text: string) =>
    Object.entries(masks).reduce((masked, [secret, mask]) => masked.split(secret).join(mask), text)
  const port = await freePort()
  const env = storeEnvironment({
    DATABASE_URL: postgresUrl(database),
    OMNISEND_API_URL: omnisendApiUrl,
    // No scheduled backfill racing the one the test starts; the page shows the setting read-only.
    OMNISEND_BACKFILL_SCHEDULE_ENABLED: "false",
    // Its cron (every 30 minutes) would fire in the middle of a test and take the faults it queues.
    OMNISEND_UNSUBSCRIBE_SYNC_ENABLED: "false",
    // Nor the per-minute retry job: it would send the customers created before the key was saved (held
    // while sync was off) before the test's backfill does, and take the faults the tests queue.
    OMNISEND_RECOVERY_JOBS_ENABLED: "false",
    PORT: String(port),
  })
  const processOptions = { cwd: storeDir, env, logFile, redact }
  let server: RunningProcess | null = null

  const stop = async () => {
    await server?.stop()
    await onAdminDatabase((client) => client.query(`drop database if exists "${database}" with (force)`)).catch(() => {})
    await rm(storeDir, { recursive: true, force: true })
  }

  try {
    for (const name of LINKED_FROM_REPO) {
      await symlink(join(REPO_ROOT, name), join(storeDir, name))
    }
    await onAdminDatabase((client) => client.query(`create database "${database}"`))

    const started = Date.now()
    const buildAdmin = runProcess(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        // What `medusa build` does for the admin, without compiling the backend into the repository.
        `const { build } = await import("@medusajs/admin-bundler")
         await build({ disable: false, sources: [process.cwd() + "/src/admin"], plugins: [], path: "/app", backendUrl: "/", outDir: "public/admin" })`,
      ],
      { ...processOptions, timeoutMs: 240_000 }
    ).then(() => log(`admin built (${Math.round((Date.now() - started) / 1000)} s)`))
    const prepareDatabase = (async () => {
      await runProcess(process.execPath, [MEDUSA_CLI, "db:migrate"], { ...processOptions, timeoutMs: 180_000 })
      await runProcess(process.execPath, [MEDUSA_CLI, "user", "-e", admin.email, "-p", admin.password], {
        ...processOptions,
        timeoutMs: 60_000,
      })
      log(`database migrated, admin user created (${Math.round((Date.now() - started) / 1000)} s)`)
    })()
    await Promise.all([buildAdmin, prepareDatabase])

    server = startProcess(process.execPath, [MEDUSA_CLI, "start", "--port", String(port)], processOptions)
    const url = `http://localhost:${port}`
    await waitForHealth(url, server)
    log(`store ready at ${url} (${Math.round((Date.now() - started) / 1000)} s)`)
    return { url, admin, logFile, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
