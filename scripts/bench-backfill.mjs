#!/usr/bin/env node
/**
 * `npm run bench:backfill -- --customers N [--baseline K] [--heap-cap-mb M] [--keep-db]`
 *
 * Seeds N customers (a third of them with orders) straight into a freshly migrated store database (PostgreSQL from DB_HOST, or an
 * embedded one), then measures in separate processes:
 *   1. the batch backfill of all N customers (the backfill workflow, as a merchant starts it);
 *   2. the one-call-per-customer baseline (the real-time sync workflow: POST /contacts each) on the
 *      first K customers (default 1000; 0 skips it), extrapolated to N.
 * Each phase talks to a fresh Omnisend emulator in a child process of its own, with Omnisend's
 * 400-requests-per-minute limit on, so that its memory does not count against the measured one.
 *
 * The measured process runs with --max-old-space-size=M (default 512, as a store's worker container
 * would; 0 leaves Node's default). Without a cap, V8 on a machine with lots of memory lets garbage
 * pile up to several times the live heap before collecting it: RSS then says more about the
 * collector than about the backfill. The heap kept after a final collection shows what really stays.
 */
import { performance } from "node:perf_hooks"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres } from "./lib/local-postgres.mjs"
import { forkTypeScript, migrateDatabase } from "./lib/medusa-processes.mjs"
import { createScratchDatabase } from "./lib/scratch-database.mjs"
import { seedBenchCustomers } from "./lib/seed-bench-customers.mjs"
import { seedBenchOrders } from "./lib/seed-bench-orders.mjs"

const USAGE = "usage: npm run bench:backfill -- --customers N [--baseline K] [--heap-cap-mb M] [--keep-db]"
const RATE_LIMIT = { limit: 400, windowMs: 60_000 }
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")

function parseArguments(argv) {
  const options = { customers: 10_000, baseline: 1_000, heapCapMb: 512, keepDb: false }
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]
    if (flag === "--keep-db") {
      options.keepDb = true
      continue
    }
    const value = Number(argv[++index])
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${flag} needs a whole number\n${USAGE}`)
    }
    if (flag === "--customers" && value >= 1 && value <= 1_000_000) options.customers = value
    else if (flag === "--baseline") options.baseline = value
    else if (flag === "--heap-cap-mb") options.heapCapMb = value
    else throw new Error(`unknown option or value out of range: ${flag}\n${USAGE}`)
  }
  options.baseline = Math.min(options.baseline, options.customers)
  return options
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const count = (value) => value.toLocaleString("en-US")

async function timed(label, action) {
  const started = performance.now()
  process.stdout.write(`${label}... `)
  const result = await action()
  console.log(seconds(performance.now() - started))
  return result
}

/** Runs one phase against a fresh emulator; answers the worker's figures and the emulator's. */
async function measure(databaseUrl, phaseArgs, heapCapMb) {
  const emulator = forkTypeScript(join(repoRoot, "scripts/lib/emulator-process.ts"), [], {
    env: { OMNISEND_EMULATOR_OPTIONS: JSON.stringify({ rateLimit: RATE_LIMIT, recordBodies: false }) },
  })
  try {
    const { url, apiKey } = await emulator.waitFor("ready")
    const worker = forkTypeScript(join(repoRoot, "scripts/lib/bench-backfill-worker.ts"), phaseArgs, {
      execArgv: [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=" + process.env.BENCH_CPU_PROF] : []), "--expose-gc", ...(heapCapMb > 0 ? [`--max-old-space-size=${heapCapMb}`] : [])],
      env: {
        DATABASE_URL: databaseUrl,
        OMNISEND_API_URL: url,
        OMNISEND_API_KEY: apiKey,
        OMNISEND_BACKFILL_SCHEDULE_ENABLED: "false",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
        MEDUSA_DISABLE_TELEMETRY: "true",
      },
    })
    const { result } = await worker.waitFor("result")
    await worker.exited
    emulator.child.send({ type: "stats" })
    const { stats } = await emulator.waitFor("stats")
    return { ...result, emulator: stats }
  } finally {
    await emulator.stop()
  }
}

function describe(label, figures) {
  const batchPosts = figures.emulator.calls["POST /v3/batches"] ?? 0
  const total = Object.values(figures.emulator.calls).reduce((sum, calls) => sum + calls, 0)
  return [
    label,
    `  customers              ${count(figures.customers)}`,
    `  wall time              ${seconds(figures.wallMs)}`,
    `  customers per second   ${count(Math.round(figures.customers / (figures.wallMs / 1000)))}`,
    `  batch POSTs            ${count(batchPosts)}`,
    `  other Omnisend calls   ${count(total - batchPosts)} (${count(figures.emulator.rateLimited)} answered 429)`,
    `  calls per 1,000 customers ${(total / Math.max(1, figures.customers / 1000)).toFixed(2)}`,
    `    ${Object.entries(figures.emulator.calls).map(([route, calls]) => `${route}: ${count(calls)}`).join(", ")}`,
    `  bytes sent             ${megabytes(figures.bytesSent)} (${count(Math.round(figures.bytesSent / Math.max(1, figures.customers)))} per customer)`,
    `  RSS                    baseline ${megabytes(figures.baselineRss)}, peak ${megabytes(figures.peakRss)}, growth ${megabytes(figures.peakRss - figures.baselineRss)}`,
    `  heap kept after GC     ${megabytes(figures.retainedHeap)}`,
  ].join("\n")
}

async function main() {
  const options = parseArguments(process.argv.slice(2))
  const postgres = await ensurePostgres({ log: (line) => console.log(line) })
  const database = await createScratchDatabase(postgres.env, `omnisend_bench_${process.pid}`)
  try {
    await timed("Migrating a store database", () => migrateDatabase(database.url))
    await timed(`Seeding ${count(options.customers)} customers, a third of them with orders, with SQL`, async () => {
      const client = database.client()
      await client.connect()
      try {
        await seedBenchCustomers(client, options.customers)
        const orders = await seedBenchOrders(client, options.customers)
        console.log(`  ${count(orders)} orders for ${count(Math.ceil(options.customers / 3))} customers`)
      } finally {
        await client.end()
      }
    })

    const cap = options.heapCapMb > 0 ? `--max-old-space-size=${options.heapCapMb}` : "Node's default heap limit"
    console.log(`Backfilling through batches (emulator rate limit ${RATE_LIMIT.limit}/min, ${cap})...`)
    const batches = await measure(database.url, ["batches"], options.heapCapMb)
    console.log(describe("\nBatch backfill", batches))
    if (batches.run?.status !== "completed" || batches.run.succeeded + batches.run.skipped !== options.customers) {
      throw new Error(`the backfill did not sync every customer: ${JSON.stringify(batches.run)}`)
    }

    if (options.baseline > 0) {
      // The baseline's customers must look never synced again, or their sync would send nothing.
      const client = database.client()
      await client.connect()
      await client.query(
        `DELETE FROM omnisend_sync_ledger_entry WHERE customer_id IN (SELECT id FROM customer ORDER BY id LIMIT $1)`,
        [options.baseline]
      )
      await client.end()
      console.log(`\nSyncing ${count(options.baseline)} customers one POST /contacts at a time (same rate limit)...`)
      const single = await measure(database.url, ["per-customer", String(options.baseline)], options.heapCapMb)
      console.log(describe("\nOne call per customer", single))

      const perCustomerMs = single.wallMs / single.customers
      const extrapolatedMs = perCustomerMs * options.customers
      const calls = (figures) => Object.values(figures.emulator.calls).reduce((sum, value) => sum + value, 0)
      console.log(
        [
          `\nExtrapolated to ${count(options.customers)} customers`,
          `  one call per customer  ${seconds(extrapolatedMs)} (${(extrapolatedMs / 3_600_000).toFixed(2)} h), ` +
            `${count(Math.round((calls(single) / single.customers) * options.customers))} calls`,
          `  batches                ${seconds(batches.wallMs)}, ${count(calls(batches))} calls`,
          `  batches are ${(extrapolatedMs / batches.wallMs).toFixed(1)}x faster, with ` +
            `${((calls(single) / single.customers) / (calls(batches) / batches.customers)).toFixed(0)}x fewer calls per customer`,
        ].join("\n")
      )
    }
  } finally {
    if (options.keepDb) {
      console.log(`\nKept the database: ${database.url}`)
    } else {
      await database.drop().catch(() => undefined)
    }
    await postgres.stop()
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
)
