#!/usr/bin/env node
/**
 * `npm run test:chaos [-- --only b,a,...]`: the plugin in the production shape (one server, two
 * workers, Redis for events, workflows, cache and locks) against the Omnisend emulator while faults
 * are injected: 20 % 503s and 429 storms, a 40-per-10 s rate limit, 60 s of 503s, a revoked then
 * restored key, SIGKILL of the worker running the backfill, a 5 s database disconnect.
 *
 * Starts everything it needs and stops it at the end (also on failure or Ctrl-C): its own Redis
 * (redis-server on a free port), a scratch database on DB_HOST's PostgreSQL or on an embedded one,
 * the emulator in its own process (scripts/chaos/chaos-emulator.ts, faults switched over IPC), and
 * the store (scripts/chaos/chaos-store.mjs). Prints one table and exits 1 when a "must hold" figure
 * of issue 10 is violated. The processes' logs are kept in the folder it names at the end.
 */
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "@medusajs/framework/pg"
import { runningProcesses, stopAllProcesses } from "../lib/child-processes.mjs"
import { ensurePostgres } from "../lib/local-postgres.mjs"
import { createScratchDatabase } from "../lib/scratch-database.mjs"
import { signIn } from "./admin-client.mjs"
import { elapsed, maskPII, percent, printTable, say, ScenarioTimeout, seconds, startedAt } from "./chaos-helpers.mjs"
import { createChaosStore } from "./chaos-store.mjs"
import { startChaosEmulator } from "./emulator-control.mjs"
import { startRedis } from "./redis.mjs"
import { BASELINE_RATE_LIMIT, SCENARIOS } from "./scenarios.mjs"

// CHAOS_TIMEOUT_SCALE=0.2 shortens every scenario's timeout (to see how a timed-out scenario is reported).
const TIMEOUT_SCALE = Number(process.env.CHAOS_TIMEOUT_SCALE ?? 1) || 1
const cleanups = []
let cleaning = null

function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const step = cleanups.pop()
      await Promise.race([step().catch(() => {}), new Promise((wait) => setTimeout(wait, 20_000))])
    }
    // Whatever child-processes.mjs still tracks (a store process restarted mid-run, redis).
    await stopAllProcesses().catch(() => {})
  })()
  return cleaning
}

// A stray rejection (a poll that outlived its scenario) must not end the run without its cleanup.
process.on("unhandledRejection", (reason) => {
  say(`(ignored) unhandled rejection: ${maskPII(reason instanceof Error ? reason.message : String(reason)).split("\n")[0]}`)
})
// Last resort, e.g. on process.exit from elsewhere: no store process, Redis or emulator outlives the run.
process.on("exit", () => {
  for (const handle of runningProcesses) handle.signalGroup("SIGKILL")
})

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    say(`\n${signal}: stopping every process the chaos run started...`)
    cleanup().finally(() => process.exit(130))
  })
}

function parseOnly(argv) {
  const index = argv.indexOf("--only")
  if (index === -1) return null
  const keys = (argv[index + 1] ?? "").split(",").filter(Boolean)
  const unknown = keys.filter((key) => !SCENARIOS.some((scenario) => scenario.key === key))
  if (unknown.length || keys.length === 0) {
    throw new Error(`--only takes scenario letters among ${SCENARIOS.map((scenario) => scenario.key).join(",")}`)
  }
  return new Set(keys)
}

async function setUp(logDir) {
  const postgres = await ensurePostgres({ log: (line) => say(`${elapsed()} ${line}`) })
  cleanups.push(() => postgres.stop())
  const databaseName = `omnisend_chaos_${process.pid}`
  const [database, redis, emulator] = await Promise.all([
    createScratchDatabase(postgres.env, databaseName),
    startRedis(logDir),
    startChaosEmulator({ rateLimit: BASELINE_RATE_LIMIT }),
  ])
  cleanups.push(() => database.drop())
  cleanups.push(() => redis.stop())
  cleanups.push(() => emulator.stop())
  say(`${elapsed()} PostgreSQL ${postgres.embedded ? "(embedded)" : `at ${postgres.env.DB_HOST}`}, Redis on port ${redis.port}, emulator on port ${emulator.port}`)

  const store = await createChaosStore({ databaseUrl: database.url, redisUrl: redis.url, omnisend: emulator, logDir })
  cleanups.push(() => store.stop())
  await store.migrate()
  say(`${elapsed()} database migrated; starting the server and two workers, creating the admin user`)
  // The first process to boot creates the store's defaults (default store, price preferences): two
  // booting at once on a new database race to create them and one fails to start.
  await store.start("server", "server")
  await Promise.all([store.createAdminUser(), store.start("worker-1", "worker"), store.start("worker-2", "worker")])
  await emulator.call("setCandidates", { pids: store.pids() })
  const server = store.processes.get("server")
  say(`${elapsed()} store up: server :${server.port}, worker-1 :${store.processes.get("worker-1").port}, worker-2 :${store.processes.get("worker-2").port}`)

  const db = new pg.Pool({ connectionString: database.url, max: 3 })
  // A connection the database outage terminates is dropped by the pool; the next query opens another.
  db.on("error", () => {})
  cleanups.push(() => db.end())
  const onAdminDatabase = async (action) => {
    const client = new pg.Client({
      host: postgres.env.DB_HOST,
      port: Number(postgres.env.DB_PORT),
      user: postgres.env.DB_USERNAME,
      password: postgres.env.DB_PASSWORD || undefined,
      database: "postgres",
    })
    await client.connect()
    try {
      return await action(client)
    } finally {
      await client.end()
    }
  }
  const api = await signIn(server.url, store.admin)
  const verify = await api.post("/admin/omnisend/settings/verify", {})
  if (!verify.ok) throw new Error(`the plugin's connection test failed before any fault: ${JSON.stringify(verify.error)}`)
  return { store, emulator, api, db, databaseName, onAdminDatabase, logDir, shared: {}, progress: (line) => say(`${elapsed()}${line}`) }
}

/** Puts the baseline back after a scenario, whatever state it left. */
async function restoreBaseline(ctx) {
  await ctx.emulator.call("restore")
  await ctx.emulator.call("endStorm")
  await ctx.emulator.call("setUnavailable", { rate: 0 })
  await ctx.emulator.call("setRateLimit", BASELINE_RATE_LIMIT)
  await ctx.onAdminDatabase((client) => client.query(`ALTER DATABASE "${ctx.databaseName}" ALLOW_CONNECTIONS true`)).catch(() => {})
  // A process that died on its own (not one a scenario killed and restarted) is noted and started again.
  const notes = []
  for (const [label, handle] of ctx.store.processes) {
    if (handle.child.exitCode !== null || handle.child.signalCode !== null) {
      notes.push(`${label} had exited (${handle.child.signalCode ?? `code ${handle.child.exitCode}`}); restarted`)
      await ctx.store.start(label, handle.mode)
    }
  }
  await ctx.emulator.call("setCandidates", { pids: ctx.store.pids() })
  // A run left running (stuck) would be resumed by the next scenario's POST and mix two scenarios'
  // figures: the harness ends it in the database, and says so.
  const { rows } = await ctx.db.query(
    `UPDATE omnisend_backfill_run SET status = 'cancelled', finished_at = now(), last_error = 'cancelled by the chaos run: left running at the end of a scenario'
      WHERE status = 'running' AND deleted_at IS NULL RETURNING id, processed, total`
  )
  for (const run of rows) notes.push(`harness: run ${run.id} was still running at ${run.processed}/${run.total}; marked cancelled so the next scenario starts its own`)
  return notes
}

/** What the ledger still holds to send when a scenario starts (left by earlier ones). */
async function backlog(ctx) {
  const { rows } = await ctx.db.query(
    `SELECT state, count(*)::int AS n FROM omnisend_sync_ledger_entry WHERE deleted_at IS NULL AND state IN ('pending', 'failed') GROUP BY state`
  )
  return rows.length ? `at the start, the whole ledger held ${rows.map((row) => `${row.n} ${row.state}`).join(", ")}` : null
}

async function runScenario(ctx, scenario) {
  const row = { key: scenario.key, name: scenario.name, made: "-", inOmnisend: "-", lost: null, duplicated: null, problems: [], notes: [] }
  say(`\n${elapsed()} ${scenario.name}`)
  const before = await backlog(ctx).catch(() => null)
  if (before) row.notes.push(before)
  const controller = new AbortController()
  const started = Date.now()
  let timer
  const timeoutMs = scenario.timeoutMs * TIMEOUT_SCALE
  const running = scenario.run(ctx, row, controller.signal)
  // After a timeout the scenario still winds down (its waits end on the aborted signal): its late
  // failure is not news.
  running.catch(() => {})
  try {
    await Promise.race([
      running,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new ScenarioTimeout(`timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
      }),
    ])
  } catch (error) {
    row.problems.push(error instanceof ScenarioTimeout ? error.message : `error: ${maskPII(error.message.split("\n")[0])}`)
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
  await Promise.race([running.catch(() => {}), new Promise((wait) => setTimeout(wait, 10_000))])
  try {
    row.notes.push(...(await restoreBaseline(ctx)))
  } catch (error) {
    row.problems.push(`could not restore the baseline: ${error.message.split("\n")[0]}`)
  }
  row.seconds = (Date.now() - started) / 1000
  say(`${elapsed()} ${scenario.name}: ${row.problems.length ? `FAIL: ${row.problems.join("; ")}` : "ok"} (${row.seconds.toFixed(0)} s)`)
  for (const note of row.notes) say(`${" ".repeat(11)}${note}`)
  return row
}

function tableRow(row) {
  const recover =
    row.key === "f"
      ? `${row.recoverMs != null ? seconds(row.recoverMs) : row.recoverLabel ?? "-"} (${row.callsAfterRejection ?? "-"} call(s) after 401)`
      : row.key === "c"
        ? `${row.recoverMs != null ? seconds(row.recoverMs) : row.recoverLabel ?? "-"} (${row.resentBatches ?? "?"} batch(es) re-sent)`
        : row.recoverMs != null
          ? `${seconds(row.recoverMs)}${row.recoverLabel ? ` (${row.recoverLabel})` : ""}`
          : row.recoverLabel || "-"
  return [
    row.name,
    typeof row.made === "number" ? row.made.toLocaleString("en-US") : row.made,
    typeof row.inOmnisend === "number" ? row.inOmnisend.toLocaleString("en-US") : row.inOmnisend,
    row.lost ?? "-",
    row.duplicated ?? "-",
    row.calls ? `${percent(row.rateLimited, row.calls)} of ${row.calls}` : "-",
    recover,
    row.problems.length ? "FAIL" : "ok",
  ]
}

async function main() {
  const only = parseOnly(process.argv.slice(2))
  const logDir = await mkdtemp(join(tmpdir(), "omnisend-chaos-logs-"))
  say(`${elapsed()} chaos run: logs in ${logDir}`)
  let ctx
  try {
    ctx = await setUp(logDir)
  } catch (error) {
    say(`${elapsed()} setting up failed: ${maskPII(error.message)}`)
    return 2
  }
  const rows = []
  for (const scenario of SCENARIOS) {
    if (only && !only.has(scenario.key)) continue
    rows.push(await runScenario(ctx, scenario))
  }
  say(`\nChaos run: one server and two workers on Redis, Omnisend emulator (baseline ${BASELINE_RATE_LIMIT.limit} requests per ${BASELINE_RATE_LIMIT.windowMs / 1000} s), ${seconds(Date.now() - startedAt)}\n`)
  printTable(
    ["scenario", "changes made", "changes in Omnisend", "lost", "duplicated", "calls answered 429", "time to recover", "verdict"],
    rows.map(tableRow)
  )
  const failed = rows.filter((row) => row.problems.length)
  if (failed.length) {
    say("\nMust hold, violated:")
    for (const row of failed) say(`  ${row.name}: ${row.problems.join("; ")}`)
  }
  say(`\nLogs of the store's processes, Redis and migrations: ${logDir}`)
  return failed.length ? 1 : 0
}

let exitCode = 1
try {
  exitCode = await main()
} catch (error) {
  say(`chaos run failed: ${maskPII(error.stack ?? error.message)}`)
  exitCode = 2
} finally {
  await cleanup()
}
process.exit(exitCode)
