import { randomBytes } from "node:crypto"
import { copyFile, cp, mkdtemp, rm, symlink } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { cleanEnvironment, runCommand, startProcess } from "../lib/child-processes.mjs"
import { freePort } from "../lib/free-port.mjs"

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, "../..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")
const BOOT_TIMEOUT_MS = 150_000

/**
 * The chaos store: a temporary directory with scripts/chaos/medusa-config.chaos.ts as its config,
 * a snapshot of this repository's src/ (so that edits made in the working tree while the run goes on
 * do not reach a process restarted mid-run), and links to the repository's packages. Its processes
 * are `medusa start` each, differing only in MEDUSA_WORKER_MODE and the port, as a merchant deploys
 * a server and workers.
 */
export async function createChaosStore({ databaseUrl, redisUrl, omnisend, logDir, secrets = {} }) {
  const dir = await mkdtemp(join(tmpdir(), "omnisend-chaos-store-"))
  await copyFile(join(here, "medusa-config.chaos.ts"), join(dir, "medusa-config.ts"))
  for (const name of ["node_modules", "package.json", "tsconfig.json"]) {
    await symlink(join(repoRoot, name), join(dir, name))
  }
  await cp(join(repoRoot, "src"), join(dir, "src"), {
    recursive: true,
    // Tests and the admin UI (disabled in this store) are not part of what the processes load.
    filter: (path) => !path.split(sep).includes("__tests__") && !path.startsWith(join(repoRoot, "src", "admin")),
  })

  const admin = { email: "chaos-admin@example.com", password: randomBytes(12).toString("hex") }
  const masks = { ...secrets, [admin.password]: "[password]", [omnisend.apiKey]: "[api key]" }
  const redact = (text) => Object.entries(masks).reduce((masked, [secret, mask]) => masked.split(secret).join(mask), text)
  const env = cleanEnvironment({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    OMNISEND_API_URL: omnisend.url,
    OMNISEND_API_KEY: omnisend.apiKey,
    JWT_SECRET: randomBytes(24).toString("hex"),
    COOKIE_SECRET: randomBytes(24).toString("hex"),
    NODE_ENV: "production",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info",
  })
  for (const name of Object.keys(env)) {
    if (/^(JEST_|NODE_OPTIONS$|OMNISEND_(?!API_URL$|API_KEY$))/.test(name)) delete env[name]
  }

  const processes = new Map()
  /** Every pid a store process ever had, with its label: a killed worker still names its batches. */
  const labels = new Map()
  let restarts = 0

  const cli = (args, { logName, timeoutMs }) =>
    runCommand(process.execPath, [MEDUSA_CLI, ...args], { cwd: dir, env, logFile: join(logDir, logName), redact, timeoutMs })

  async function waitForHealth(handle, url) {
    const deadline = Date.now() + BOOT_TIMEOUT_MS
    let exit
    handle.exited.then((result) => (exit = result))
    while (Date.now() < deadline) {
      if (exit) {
        throw new Error(`${handle.label} exited (${exit.signal ?? `code ${exit.code}`}) before it answered /health:\n${handle.tail.text(25)}`)
      }
      if (await fetch(`${url}/health`).then((response) => response.ok, () => false)) return
      await new Promise((wait) => setTimeout(wait, 500))
    }
    throw new Error(`${handle.label} did not answer /health within ${BOOT_TIMEOUT_MS / 1000} s:\n${handle.tail.text(25)}`)
  }

  /** Starts `medusa start` in that mode; resolves once it answers /health. */
  async function start(label, mode) {
    const port = await freePort()
    const logFile = join(logDir, `${label}${processes.has(label) ? `.restart${++restarts}` : ""}.log`)
    const handle = startProcess(process.execPath, [MEDUSA_CLI, "start", "--port", String(port)], {
      cwd: dir,
      env: { ...env, MEDUSA_WORKER_MODE: mode, PORT: String(port) },
      logFile,
      redact,
      graceMs: 8_000,
    })
    Object.assign(handle, { label, mode, port, logFile, url: `http://127.0.0.1:${port}`, startedAt: Date.now() })
    processes.set(label, handle)
    labels.set(handle.child.pid, label)
    await waitForHealth(handle, handle.url)
    handle.readyAt = Date.now()
    return handle
  }

  return {
    dir,
    admin,
    processes,
    migrate: () => cli(["db:migrate"], { logName: "migrate.log", timeoutMs: 300_000 }),
    createAdminUser: () => cli(["user", "-e", admin.email, "-p", admin.password], { logName: "admin-user.log", timeoutMs: 180_000 }),
    start,
    /** SIGKILL, as a machine or container dies: no shutdown hook runs. */
    kill: async (label) => {
      const handle = processes.get(label)
      handle.signalGroup("SIGKILL")
      await handle.exited
      return handle
    },
    pids: () => [...processes.values()].filter((handle) => handle.child.exitCode === null && handle.child.signalCode === null).map((handle) => handle.child.pid),
    labelOf: (pid) => labels.get(pid) ?? null,
    stop: async () => {
      await Promise.all([...processes.values()].map((handle) => handle.stop()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}
