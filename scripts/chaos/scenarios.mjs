import { HttpError } from "./admin-client.mjs"
import { mapPool, percent, say, seconds, seededRandom, sleep, waitFor, elapsed } from "./chaos-helpers.mjs"
import { expectedContacts, seedChaosCustomers, touchChaosCustomers } from "./seed-chaos-customers.mjs"

/**
 * The scenarios of `npm run test:chaos`, in the order they run, each against the same store (one
 * server, two workers, Redis) and emulator. Each fills its row of the closing table:
 *   made / inOmnisend / lost / duplicated / rateLimited (429 answers) + calls / recoverMs,
 * and `problems`: every "must hold" figure it violated (a non-empty list fails the run), and `notes`:
 * the evidence (ledger states, run outcome, what the emulator saw).
 *
 * Faults are switched in the emulator process (scripts/chaos/chaos-emulator.ts); after every
 * scenario the run puts back the baseline: no faults, the key accepted, the baseline rate limit.
 */

// Omnisend v3's limit, 400 requests a minute, is the baseline (the plugin never assumes a faster pace).
export const BASELINE_RATE_LIMIT = { limit: 400, windowMs: 60_000 }
// How long after Omnisend answers again every change may take to arrive (issue: 2 minutes).
const RECOVERY_DEADLINE_MS = 125_000
// (a): how long the 503s and 429 storms last at most, from the backfill's start (the 500 updates
// reach Omnisend at the plugin's share of 400 a minute, so most of them are sent in this time).
const FAULTS_FOR_MS = 60_000
// Progress lines: at most one this often per wait (and every change of a run's status).
const PROGRESS_EVERY_MS = 10_000

// ---------------------------------------------------------------------------------------------
// Shared steps

async function startBackfill(ctx, row) {
  try {
    const { run, status } = await ctx.api.post("/admin/omnisend/backfill", {})
    const resumed = ctx.shared.runIds?.has(run.id)
    say(`${elapsed()}   backfill ${run.id} ${resumed ? "resumed: a run an earlier scenario started" : "started"} (${status}, ${run.processed}/${run.total})`)
    if (resumed) row.notes.push(`POST /admin/omnisend/backfill answered ${status} with the run of an earlier scenario, at ${run.processed}/${run.total}`)
    ;(ctx.shared.runIds ??= new Set()).add(run.id)
    return run
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) {
      const { run } = JSON.parse(error.body)
      row.problems.push(`POST /admin/omnisend/backfill answered 409: run ${run.id} is still ${run.status} (${run.processed}/${run.total})`)
    }
    throw error
  }
}

/** The latest run, as the admin API shows it; null when unreachable. */
async function latestRun(ctx) {
  try {
    return (await ctx.api.get("/admin/omnisend/backfill", { timeoutMs: 10_000 })).run
  } catch {
    return null
  }
}

async function followRun(ctx, runId, { timeoutMs, signal, label }) {
  let lastLine = ""
  let lastStatus = ""
  let printedAt = 0
  const { value, at } = await waitFor(
    async () => {
      const run = await latestRun(ctx)
      if (!run) return { done: false, run: null }
      if (run.id !== runId) return { done: true, run: { ...run, replaced: true } }
      const line = `${run.status} ${run.processed}/${run.total}, ${run.batches} batches`
      if (line !== lastLine && (run.status !== lastStatus || Date.now() - printedAt >= PROGRESS_EVERY_MS)) {
        lastLine = line
        lastStatus = run.status
        printedAt = Date.now()
        ctx.progress(`   ${label}: ${line}`)
      }
      return { done: run.status !== "running", run }
    },
    { timeoutMs, intervalMs: 1000, signal }
  )
  return { run: value?.run ?? null, finishedAt: at }
}

function describeRun(run) {
  if (!run) return "run unknown (admin API unreachable)"
  const error = run.last_error ? `; last_error: ${run.last_error.slice(0, 160)}` : ""
  return `run ${run.status} ${run.processed}/${run.total}, ${run.succeeded} sent, ${run.failed} failed, ${run.batches} batches${error}`
}

/** Ledger rows of these customers by state (and error code of the failed ones). */
async function ledgerStates(ctx, customerIds) {
  const { rows } = await ctx.db.query(
    `SELECT state, coalesce(last_error_code, '') AS code, count(*)::int AS n
       FROM omnisend_sync_ledger_entry WHERE deleted_at IS NULL AND customer_id = ANY($1)
      GROUP BY 1, 2 ORDER BY 3 DESC`,
    [customerIds]
  )
  const byState = {}
  for (const row of rows) byState[row.state] = (byState[row.state] ?? 0) + row.n
  const failedCodes = rows.filter((row) => row.state === "failed").map((row) => `${row.code || "no code"} ×${row.n}`)
  return {
    byState,
    failed: byState.failed ?? 0,
    text: `ledger ${Object.entries(byState).map(([state, n]) => `${state} ${n}`).join(", ") || "empty"}` +
      `${failedCodes.length ? ` (failed: ${failedCodes.join(", ")})` : ""}; no row: ${customerIds.length - rows.reduce((sum, row) => sum + row.n, 0)}`,
  }
}

/** Customers of the set the ledger still has something to send for (pending, or a change requested). */
async function outstanding(ctx, customerIds) {
  const { rows } = await ctx.db.query(
    `SELECT count(*)::int AS n FROM omnisend_sync_ledger_entry l
      WHERE l.deleted_at IS NULL AND l.customer_id = ANY($1)
        AND (l.state = 'pending' OR (l.state <> 'failed' AND to_jsonb(l) ->> 'sync_requested_at' IS NOT NULL))`,
    [customerIds]
  )
  return rows[0].n
}

// Nothing left to send in the ledger and nothing changing in Omnisend for this long (more than one
// tick of a per-minute retry job): the plugin considers these customers done, waiting longer shows nothing.
const SETTLED_FOR_MS = 65_000

/**
 * Waits until Omnisend holds every customer `where` selects with its latest first and last name
 * (read from the database at each poll); answers the last check (with duplicates) and when it held.
 * Stops early once the plugin has settled without getting there (see SETTLED_FOR_MS).
 */
async function waitConverged(ctx, where, params, { timeoutMs, signal, label }) {
  let lastLine = ""
  let printedAt = 0
  let settled = { since: null, correct: -1 }
  const { value, at } = await waitFor(
    async () => {
      const expected = await expectedContacts(ctx.db, where, params)
      const result = await ctx.emulator.call("check", { expected })
      const line = `${result.correct}/${result.expected} current in Omnisend (${result.present} present)`
      const done = result.correct === result.expected
      if (line !== lastLine && (done || Date.now() - printedAt >= PROGRESS_EVERY_MS)) {
        lastLine = line
        printedAt = Date.now()
        ctx.progress(`   ${label}: ${line}`)
      }
      if (done) return { done: true, expected }
      const left = await outstanding(ctx, expected.map(([id]) => id))
      if (left > 0) {
        settled = { since: null, correct: result.correct }
      } else if (settled.since === null || result.correct !== settled.correct) {
        settled = { since: Date.now(), correct: result.correct }
      } else if (Date.now() - settled.since >= SETTLED_FOR_MS) {
        return { done: true, expected, settled: true }
      }
      return { done: false, expected }
    },
    { timeoutMs, intervalMs: 1000, signal }
  )
  const expected = value?.expected ?? (await expectedContacts(ctx.db, where, params))
  const final = await ctx.emulator.call("check", { expected, full: true })
  if (value?.settled) {
    ctx.progress(`   ${label}: settled: for ${SETTLED_FOR_MS / 1000} s the ledger held nothing more to send and Omnisend did not change`)
    return { final, at: null, expected, settled: true }
  }
  return { final, at: final.correct === final.expected ? at : null, expected }
}

/** What the ledger and the customer table say of a customer Omnisend does not hold right: the evidence. */
async function lostEvidence(ctx, email) {
  const { rows } = await ctx.db.query(
    `SELECT c.updated_at, l.state, l.last_sent->'profile'->>'firstName' AS sent_first, l.last_sent->'profile'->>'lastName' AS sent_last,
            l.last_synced_at, l.last_error_code, l.attempts, l.customer_updated_at AS ledger_version
       FROM customer c LEFT JOIN omnisend_sync_ledger_entry l ON l.customer_id = c.id AND l.deleted_at IS NULL
      WHERE lower(c.email) = $1 AND c.deleted_at IS NULL`,
    [email]
  )
  const row = rows[0]
  if (!row) return "no customer"
  if (!row.state) return `no ledger row; customer updated ${iso(row.updated_at)}`
  return (
    `ledger ${row.state}${row.last_error_code ? ` (${row.last_error_code})` : ""}, ${row.attempts} attempt(s), last sent ${JSON.stringify([row.sent_first, row.sent_last])} ` +
    `at ${iso(row.last_synced_at)} as the customer's version of ${iso(row.ledger_version)}; customer updated ${iso(row.updated_at)}`
  )
}

const notRecovered = (settled) => (settled ? "never: settled with changes missing" : `not within ${RECOVERY_DEADLINE_MS / 1000} s`)

const iso = (value) => (value ? new Date(value).toISOString().slice(11, 23) : "never")

async function fillFromCheck(row, final, ctx) {
  row.inOmnisend = final.correct
  row.lost = final.expected - final.correct
  row.duplicated = final.duplicated
  if (row.lost > 0) {
    row.problems.push(`${row.lost} lost (${final.expected - final.present} missing, ${final.present - final.correct} stale)`)
    for (const email of final.missing.slice(0, 2)) {
      row.notes.push(`missing ${email}: ${await lostEvidence(ctx, email).catch((error) => error.message)}`)
    }
    for (const stale of final.stale.slice(0, 3)) {
      row.notes.push(
        `stale ${stale.email}: Omnisend has ${JSON.stringify(stale.has)} (updated ${iso(stale.updatedAt)}), latest ${JSON.stringify(stale.latest)}; ` +
          (await lostEvidence(ctx, stale.email).catch((error) => error.message))
      )
    }
  }
  if (final.duplicated > 0) row.problems.push(`${final.duplicated} duplicated contacts (e.g. ${final.duplicateExamples.slice(0, 2).join(", ")})`)
}

async function requestStats(ctx, row, mark, to) {
  const stats = await ctx.emulator.call("stats", { from: mark.seq, to })
  row.calls = stats.total
  row.rateLimited = stats.rateLimited
  return stats
}

/**
 * `count` customers already in Omnisend to change: those (b) created from `offset` on, or, when (b)
 * did not run (--only), new ones created here and waited for.
 */
async function syncedCustomers(ctx, count, offset, tag, signal) {
  const bIds = ctx.shared.bIds ?? []
  if (bIds.length >= offset + count) return bIds.slice(offset, offset + count)
  const ids = []
  for (let n = 1; n <= count; n++) {
    const { customer } = await ctx.api.post("/admin/customers", { email: `chaos-${tag}-${n}@example.com`, first_name: `F${tag}${n}`, last_name: `L${tag}${n}` })
    ids.push(customer.id)
  }
  const { at } = await waitConverged(ctx, "id = ANY($1)", [ids], { timeoutMs: 60_000, signal, label: `(${tag}) setup` })
  if (!at) throw new Error(`the ${count} customers created to be changed did not reach Omnisend within 60 s`)
  return ids
}

async function updateFirstName(ctx, customerId, firstName) {
  await ctx.api.post(`/admin/customers/${customerId}`, { first_name: firstName })
}

// ---------------------------------------------------------------------------------------------
// (b) 150 customers created in a burst under a 40-per-10 s limit

async function burstUnderRateLimit(ctx, row, signal) {
  const count = 150
  await ctx.emulator.call("setRateLimit", { limit: 40, windowMs: 10_000 })
  const mark = await ctx.emulator.call("mark")
  say(`${elapsed()}   emulator limit 40 requests per 10 s; creating ${count} customers, 30 at a time`)
  const created = await mapPool(
    Array.from({ length: count }, (_, index) => index + 1),
    30,
    async (n) => {
      try {
        const { customer } = await ctx.api.post("/admin/customers", {
          email: `chaos-b-${n}@example.com`,
          first_name: `Fb${n}`,
          last_name: `Lb${n}`,
        })
        return customer.id
      } catch (error) {
        row.notes.push(`create ${n}: ${error.message.slice(0, 120)}`)
        return null
      }
    },
    signal
  )
  const ids = created.filter(Boolean)
  ctx.shared.bIds = ids
  row.made = ids.length
  const createdAt = Date.now()
  say(`${elapsed()}   ${ids.length} created in ${seconds(createdAt - mark.t)}; waiting for all to reach Omnisend`)
  const { final, at, settled } = await waitConverged(ctx, "id = ANY($1)", [ids], { timeoutMs: 110_000, signal, label: "(b)" })
  await fillFromCheck(row, final, ctx)
  if (ids.length < count) row.problems.push(`only ${ids.length} of ${count} customers could be created`)
  row.recoverMs = at ? at - mark.t : null
  row.recoverLabel = at ? "all in" : "not all in"
  // Calls until everything arrived (or gave up): a settled ledger may still be written after.
  const stats = await requestStats(ctx, row, mark)
  await sleep(3000, signal)
  const ledger = await ledgerStates(ctx, ids)
  row.notes.push(ledger.text)
  row.notes.push(`${stats.total} Omnisend calls, ${stats.rateLimited} answered 429 (${JSON.stringify(stats.byRoute)})`)
  if (ledger.failed > 0) row.problems.push(`${ledger.failed} customers failed in the ledger`)
  if (stats.total > 0 && stats.rateLimited / stats.total >= 0.1) {
    row.problems.push(`${percent(stats.rateLimited, stats.total)} of calls answered 429 (must stay under 10 %)`)
  }
}

// ---------------------------------------------------------------------------------------------
// (a) 2,000 customers backfilled while 500 live updates happen, under 20 % 503s and 429 bursts

async function backfillUnderFaults(ctx, row, signal) {
  const seedClient = await ctx.db.connect()
  try {
    await seedChaosCustomers(seedClient, "a", 2000)
  } finally {
    seedClient.release()
  }
  const where = "id LIKE 'cus_chaosa\\_%'"
  const ids = (await expectedContacts(ctx.db, where)).map(([id]) => id)
  ctx.shared.aIds = ids
  const mark = await ctx.emulator.call("mark")
  await ctx.emulator.call("setUnavailable", { rate: 0.2 })
  say(`${elapsed()}   2,000 customers seeded; emulator answers 20 % of calls 503, and every call 429 for 2 s in every 10 s`)
  let storming = true
  const storms = (async () => {
    while (storming && !signal.aborted) {
      await sleep(8000).catch(() => {})
      if (!storming) break
      await ctx.emulator.call("storm429", { durationMs: 2000 })
      await sleep(2000).catch(() => {})
    }
  })()

  try {
    const run = await startBackfill(ctx, row)
    let runOver = false
    const following = followRun(ctx, run.id, { timeoutMs: 180_000, signal, label: "(a) backfill" }).then((outcome) => {
      runOver = true
      return outcome
    })
    const random = seededRandom(10)
    let duringRun = 0
    let accepted = 0
    await mapPool(
      Array.from({ length: 500 }, (_, index) => index + 1),
      6,
      async (k) => {
        const id = ids[Math.floor(random() * ids.length)]
        try {
          await updateFirstName(ctx, id, `U${k}`)
          accepted++
          if (!runOver) duringRun++
        } catch (error) {
          row.notes.push(`update ${k}: ${error.message.slice(0, 100)}`)
        }
      },
      signal
    )
    say(`${elapsed()}   500 updates made (${accepted} accepted, ${duringRun} while the backfill ran)`)
    row.made = `2,000 + ${accepted} updates`
    const { run: finished } = await following
    row.notes.push(describeRun(finished))
    if (finished?.status !== "completed") row.problems.push(`backfill did not complete: ${finished?.status ?? "still running"}`)
    // The faults stay on while the plugin works through what it was given (live changes wait for
    // the request budget), up to FAULTS_FOR_MS from the start.
    const underFaults = await waitConverged(ctx, where, [], {
      timeoutMs: Math.max(0, mark.t + FAULTS_FOR_MS - Date.now()),
      signal,
      label: "(a) under faults",
    })
    if (underFaults.at) row.convergedUnderFaultsMs = underFaults.at - mark.t
  } finally {
    storming = false
    await storms
    await ctx.emulator.call("endStorm")
    await ctx.emulator.call("setUnavailable", { rate: 0 })
  }
  const recoveredAt = Date.now()
  const stats = await requestStats(ctx, row, mark)
  say(`${elapsed()}   faults off after ${seconds(recoveredAt - mark.t)} (${stats.total} calls under faults: ${stats.byStatus["503"] ?? 0} answered 503, ${stats.rateLimited} 429)`)
  row.notes.push(`under faults (${seconds(recoveredAt - mark.t)}): ${stats.total} calls, ${stats.byStatus["503"] ?? 0} × 503, ${stats.rateLimited} × 429`)
  const { final, at, settled } = await waitConverged(ctx, where, [], { timeoutMs: RECOVERY_DEADLINE_MS, signal, label: "(a)" })
  await fillFromCheck(row, final, ctx)
  if (row.convergedUnderFaultsMs) {
    row.recoverMs = row.convergedUnderFaultsMs
    row.recoverLabel = "all in, under faults"
  } else {
    row.recoverMs = at ? at - recoveredAt : null
    row.recoverLabel = at ? "after faults off" : notRecovered(settled)
  }
  const after = await requestStats(ctx, row, mark)
  row.notes.push(`${after.total} calls: ${after.byStatus["503"] ?? 0} × 503, ${after.rateLimited} × 429`)
  row.notes.push((await ledgerStates(ctx, ids)).text)
}

// ---------------------------------------------------------------------------------------------
// (e) 60 s of 503s, then recovery

async function outageThenRecovery(ctx, row, signal) {
  const ids = ctx.shared.aIds ?? []
  const mark = await ctx.emulator.call("mark")
  const outageStart = Date.now()
  await ctx.emulator.call("setUnavailable", { rate: 1 })
  say(`${elapsed()}   Omnisend answers every call 503 for 60 s; 40 updates and 10 new customers meanwhile`)
  const changed = []
  const random = seededRandom(20)
  for (let k = 1; k <= 50; k++) {
    try {
      if (k % 5 === 0 || ids.length === 0) {
        const { customer } = await ctx.api.post("/admin/customers", {
          email: `chaos-e-${k}@example.com`,
          first_name: `Fe${k}`,
          last_name: `Le${k}`,
        })
        changed.push(customer.id)
      } else {
        const id = ids[Math.floor(random() * ids.length)]
        await updateFirstName(ctx, id, `E${k}`)
        changed.push(id)
      }
    } catch (error) {
      row.notes.push(`change ${k}: ${error.message.slice(0, 100)}`)
    }
    await sleep(400, signal)
  }
  row.made = changed.length
  await sleep(Math.max(0, outageStart + 60_000 - Date.now()), signal)
  const answering = await ctx.emulator.call("setUnavailable", { rate: 0 })
  const during = await requestStats(ctx, row, mark)
  say(`${elapsed()}   Omnisend answers again (${during.total} calls during the outage)`)
  const unique = [...new Set(changed)]
  const { final, at, settled } = await waitConverged(ctx, "id = ANY($1)", [unique], { timeoutMs: RECOVERY_DEADLINE_MS, signal, label: "(e)" })
  await fillFromCheck(row, final, ctx)
  row.made = `${changed.length} (${unique.length} customers)`
  row.recoverMs = at ? at - answering.t : null
  row.recoverLabel = at ? "" : notRecovered(settled)
  const stats = await requestStats(ctx, row, mark)
  row.notes.push(`${stats.total} calls (${during.total} during the outage)`)
  row.notes.push((await ledgerStates(ctx, unique)).text)
}

// ---------------------------------------------------------------------------------------------
// (f) a revoked key, then restored: found by a backfill in progress and by live changes

async function revokedKey(ctx, row, signal) {
  const bIds = await syncedCustomers(ctx, 10, 0, "k", signal)
  const client = await ctx.db.connect()
  try {
    await seedChaosCustomers(client, "f", 3000)
  } finally {
    client.release()
  }
  const started = await ctx.emulator.call("mark")
  const run = await startBackfill(ctx, row)
  if (!(await firstBatchSince(ctx, started, { timeoutMs: 90_000, signal }))) {
    row.problems.push("the backfill sent no batch within 90 s")
    return
  }
  const mark = await ctx.emulator.call("mark")
  await ctx.emulator.call("revoke")
  say(`${elapsed()}   key revoked after the backfill's first batch (3,000 new customers); 10 live updates meanwhile`)
  const updated = []
  for (let k = 1; k <= 10 && k <= bIds.length; k++) {
    try {
      await updateFirstName(ctx, bIds[k - 1], `K${k}`)
      updated.push(bIds[k - 1])
    } catch (error) {
      row.notes.push(`update ${k}: ${error.message.slice(0, 100)}`)
    }
    await sleep(500, signal)
  }
  // Time for the calls the plugin would make: retries, the backfill's next batches and polls.
  await sleep(Math.max(0, mark.t + 15_000 - Date.now()), signal)
  const stats = await requestStats(ctx, row, mark)
  row.callsAfterRejection = stats.first401At ? stats.callsAfterFirst401 : null
  if (!stats.first401At) {
    row.problems.push("no call reached Omnisend while the key was revoked (nothing was rejected)")
  } else if (stats.callsAfterFirst401 > 1) {
    row.problems.push(`${stats.callsAfterFirst401} calls after the first 401 (at most 1): ${JSON.stringify(stats.callsAfterFirst401ByRoute)}`)
  }
  const status = await ctx.api.get("/admin/omnisend/status").catch(() => null)
  const paused = status?.sync?.paused ? "paused" : status?.sync?.active ? "active (not paused)" : "unknown"
  row.notes.push(`while revoked (15 s): ${stats.total} calls, ${stats.callsAfterFirst401} after the first 401; sync ${paused}; ${describeRun(await latestRun(ctx))}`)

  await ctx.emulator.call("restore")
  const verify = await ctx.api.post("/admin/omnisend/settings/verify", {})
  const fixedAt = Date.now()
  say(`${elapsed()}   key restored; verify answered ok=${verify.ok} resumed=${verify.resumed}`)
  row.notes.push(`verify: ok=${verify.ok}, resumed=${verify.resumed}`)
  row.made = `${updated.length} updates + 3,000 in a backfill`
  const { final, at, settled } = await waitConverged(ctx, "id = ANY($1) OR id LIKE 'cus_chaosf\\_%'", [updated], {
    timeoutMs: RECOVERY_DEADLINE_MS,
    signal,
    label: "(f)",
  })
  await fillFromCheck(row, final, ctx)
  row.recoverMs = at ? at - fixedAt : null
  row.recoverLabel = at ? "" : notRecovered(settled)
  let finished = await latestRun(ctx)
  if (finished?.id === run.id && finished.status === "running") {
    finished = (await followRun(ctx, run.id, { timeoutMs: 30_000, signal, label: "(f) backfill" })).run
  }
  row.notes.push(describeRun(finished))
  if (finished?.id !== run.id || finished.status !== "completed") {
    row.problems.push(`the backfill the revoked key stopped did not complete after the fix (${finished?.status ?? "unknown"})`)
  }
  row.notes.push((await ledgerStates(ctx, updated)).text)
}

// ---------------------------------------------------------------------------------------------
// (d) a customer change during a 30,000-customer backfill reaches Omnisend within 5 s

async function firstBatchSince(ctx, mark, { count = 1, timeoutMs, signal }) {
  const { value } = await waitFor(
    async () => {
      const senders = await ctx.emulator.call("senders", { from: mark.seq })
      const accepted = senders.filter((entry) => entry.status === 200)
      return accepted.length >= count ? { done: true, senders: accepted } : null
    },
    { timeoutMs, intervalMs: 200, signal }
  )
  return value?.senders ?? null
}

async function liveChangeDuringBigBackfill(ctx, row, signal) {
  const changeIds = await syncedCustomers(ctx, 3, 20, "d", signal)
  const seedStarted = Date.now()
  const client = await ctx.db.connect()
  try {
    await seedChaosCustomers(client, "big", 30_000)
  } finally {
    client.release()
  }
  say(`${elapsed()}   30,000 customers seeded in ${seconds(Date.now() - seedStarted)}`)
  const mark = await ctx.emulator.call("mark")
  const run = await startBackfill(ctx, row)
  // In full swing: several batches out, the next ones being read and packed.
  const senders = await firstBatchSince(ctx, mark, { count: 3, timeoutMs: 90_000, signal })
  if (!senders) {
    row.problems.push("the backfill sent no 3 batches within 90 s")
    row.notes.push(describeRun(await latestRun(ctx)))
    return
  }
  const latencies = []
  for (let k = 0; k < changeIds.length; k++) {
    const id = changeIds[k]
    const { rows } = await ctx.db.query("SELECT lower(email) AS email FROM customer WHERE id = $1", [id])
    const firstName = `D${k}x${Date.now() % 100000}`
    const before = await latestRun(ctx)
    const t0 = Date.now()
    await updateFirstName(ctx, id, firstName)
    const { at } = await waitFor(
      async () => (await ctx.emulator.call("contact", { email: rows[0].email }))?.firstName === firstName,
      { timeoutMs: 30_000, intervalMs: 100, signal }
    )
    const after = await latestRun(ctx)
    const during = before?.id === run.id && before.status === "running" && after?.status === "running"
    latencies.push({ ms: at ? at - t0 : null, during })
    say(`${elapsed()}   change ${k + 1}: ${at ? seconds(at - t0) : "not within 30 s"} (backfill ${during ? "running" : "not running"} meanwhile: ${after?.processed}/${after?.total})`)
  }
  row.made = latencies.length
  row.inOmnisend = latencies.filter((entry) => entry.ms !== null).length
  row.lost = latencies.length - row.inOmnisend
  row.duplicated = 0
  const worst = latencies.some((entry) => entry.ms === null) ? null : Math.max(...latencies.map((entry) => entry.ms))
  row.recoverMs = worst
  row.recoverLabel = worst === null ? "> 30 s" : "slowest"
  if (row.lost > 0) row.problems.push(`${row.lost} changes did not reach Omnisend within 30 s`)
  if (worst !== null && worst > 5000) row.problems.push(`slowest change took ${seconds(worst)} (at most 5 s)`)
  if (latencies.some((entry) => !entry.during)) row.notes.push("some changes were made when the backfill was no longer running")
  row.notes.push(`latencies: ${latencies.map((entry) => seconds(entry.ms)).join(", ")}`)
  const stats = await requestStats(ctx, row, mark)
  const { run: finished, finishedAt } = await followRun(ctx, run.id, { timeoutMs: 120_000, signal, label: "(d) backfill" })
  row.notes.push(`${describeRun(finished)}${finishedAt ? ` in ${seconds(finishedAt - mark.t)}` : ""}`)
  if (finished?.status !== "completed") row.problems.push(`the 30,000-customer backfill did not complete: ${finished?.status ?? "unknown"}`)
  row.notes.push(`${stats.total} calls while measuring`)
}

/**
 * Changes every big chaos customer (so a backfill has them all to send), starts a backfill and waits
 * until it has sent `batches` batches: a run well under way for (c) and (g) to strike. Null, with
 * the problem on the row, when it does not get there within 90 s.
 */
async function startBigBackfillUntilBatches(ctx, row, { tag, batches, signal }) {
  const touched = await touchChaosCustomers(ctx.db, "big", tag)
  const mark = await ctx.emulator.call("mark")
  const run = await startBackfill(ctx, row)
  row.made = touched
  const senders = await firstBatchSince(ctx, mark, { count: batches, timeoutMs: 90_000, signal })
  if (!senders) {
    row.problems.push(`the backfill sent no ${batches} batches within 90 s`)
    row.notes.push(describeRun(await latestRun(ctx)))
    return null
  }
  return { mark, run, senders }
}

// ---------------------------------------------------------------------------------------------
// (c) SIGKILL of the worker running the backfill, then a worker restarted

async function killBackfillWorker(ctx, row, signal) {
  const started = await startBigBackfillUntilBatches(ctx, row, { tag: "c", batches: 6, signal })
  if (!started) {
    return
  }
  const { mark, run, senders } = started
  const pid = senders.at(-1).pid
  let victim = pid ? ctx.store.labelOf(pid) : null
  if (!victim || !victim.startsWith("worker")) {
    row.notes.push(`the sender of the batches was not found among the workers (pid ${pid ?? "unknown"}, ${victim ?? "no label"}); killing worker-1`)
    victim = "worker-1"
  }
  const before = await latestRun(ctx)
  const postsBefore = (await ctx.emulator.call("senders", { from: mark.seq })).filter((entry) => entry.status === 200).length
  const killedPid = ctx.store.processes.get(victim).child.pid
  const killedAt = Date.now()
  await ctx.store.kill(victim)
  // In flight at the kill: batches Omnisend accepted whose results the run had not recorded yet
  // (listed as pending on the run), and any accepted POST the run had not checkpointed.
  const postsAtKill = (await ctx.emulator.call("senders", { from: mark.seq })).filter((entry) => entry.status === 200).length
  const { rows: [atKill] } = await ctx.db.query(
    "SELECT batches, jsonb_array_length(coalesce(pending_batches::jsonb, '[]'::jsonb)) AS pending FROM omnisend_backfill_run WHERE id = $1",
    [run.id]
  )
  const inFlight = atKill ? atKill.pending + Math.max(0, postsAtKill - atKill.batches) : null
  say(`${elapsed()}   SIGKILL ${victim} (it sent the last batch; run at ${before?.processed}/${before?.total}, ${postsBefore} batches posted); restarting it`)
  row.notes.push(
    `killed ${victim} at ${before?.processed}/${before?.total}: ${postsAtKill} batch POSTs accepted, the run had recorded ${atKill?.batches ?? "?"}, ${inFlight ?? "?"} in flight`
  )
  const restart = ctx.store
    .start(victim, "worker")
    .then(async (handle) => {
      await ctx.emulator.call("setCandidates", { pids: ctx.store.pids() })
      say(`${elapsed()}   ${victim} back after ${seconds(handle.readyAt - killedAt)}`)
    })
    .catch((error) => row.problems.push(`restarting ${victim} failed: ${error.message.split("\n")[0]}`))
  const { run: finished, finishedAt } = await followRun(ctx, run.id, { timeoutMs: 160_000, signal, label: "(c) backfill" })
  await restart
  row.notes.push(describeRun(finished))
  if (finished?.status !== "completed") row.problems.push(`the run did not complete without an admin action: ${finished?.status ?? "unknown"}`)
  const completed = finished?.status === "completed"
  row.recoverMs = completed ? finishedAt - killedAt : null
  row.recoverLabel = completed ? "kill → done" : `run ${finished?.status ?? "unknown"}`
  const posts = (await ctx.emulator.call("senders", { from: mark.seq })).filter((entry) => entry.status === 200)
  const resent = completed ? posts.length - finished.batches : null
  row.resentBatches = resent
  const byProcess = {}
  for (const entry of posts) {
    const label = entry.pid ? `${ctx.store.labelOf(entry.pid) ?? "?"} pid ${entry.pid}${entry.pid === killedPid ? " (killed)" : ""}` : "sender unknown"
    byProcess[label] = (byProcess[label] ?? 0) + 1
  }
  row.notes.push(
    `batch POSTs accepted: ${posts.length} (${Object.entries(byProcess).map(([label, n]) => `${label} ${n}`).join(", ")}), ` +
      `the run counts ${finished?.batches ?? "?"} batches${completed ? `: ${resent} re-sent, ${inFlight ?? "?"} were in flight` : ""}`
  )
  if (completed && inFlight !== null && resent > inFlight) row.problems.push(`${resent} batches re-sent, more than the ${inFlight} in flight`)
  const { final, expected } = await waitConverged(ctx, "id LIKE 'cus_chaosbig\\_%'", [], { timeoutMs: completed ? 20_000 : 1000, signal, label: "(c)" })
  await fillFromCheck(row, final, ctx)
  row.notes.push((await ledgerStates(ctx, expected.map(([id]) => id))).text)
  await requestStats(ctx, row, mark)
}

// ---------------------------------------------------------------------------------------------
// (g) a 5 s database disconnect during a backfill

async function databaseDisconnect(ctx, row, signal) {
  const started = await startBigBackfillUntilBatches(ctx, row, { tag: "g", batches: 5, signal })
  if (!started) {
    return
  }
  const { mark, run } = started
  const before = await latestRun(ctx)
  const name = ctx.databaseName
  const terminated = await ctx.onAdminDatabase(async (client) => {
    await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`)
    const { rowCount } = await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name]
    )
    return rowCount
  })
  const cutAt = Date.now()
  say(`${elapsed()}   database cut (${terminated} connections terminated, run at ${before?.processed}/${before?.total}); back in 5 s`)
  try {
    await sleep(5000, signal)
  } finally {
    await ctx.onAdminDatabase((client) => client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`))
  }
  const backAt = Date.now()
  row.notes.push(`database unreachable for ${seconds(backAt - cutAt)} at ${before?.processed}/${before?.total}`)
  const { run: finished, finishedAt } = await followRun(ctx, run.id, { timeoutMs: 150_000, signal, label: "(g) backfill" })
  row.notes.push(describeRun(finished))
  if (finished?.status !== "completed") row.problems.push(`the run did not complete after the disconnect: ${finished?.status ?? "unknown"}`)
  const completed = finished?.status === "completed"
  row.recoverMs = completed ? finishedAt - backAt : null
  row.recoverLabel = completed ? "db back → done" : `run ${finished?.status ?? "unknown"}`
  const { final, expected } = await waitConverged(ctx, "id LIKE 'cus_chaosbig\\_%'", [], { timeoutMs: completed ? 20_000 : 1000, signal, label: "(g)" })
  await fillFromCheck(row, final, ctx)
  row.notes.push((await ledgerStates(ctx, expected.map(([id]) => id))).text)
  await requestStats(ctx, row, mark)
}

export const SCENARIOS = [
  { key: "b", name: "(b) 150 created in a burst, 40 req/10 s", timeoutMs: 150_000, run: burstUnderRateLimit },
  { key: "a", name: "(a) backfill 2,000 + 500 updates, 20 % 503 + 429s", timeoutMs: 300_000, run: backfillUnderFaults },
  { key: "e", name: "(e) 60 s of 503s, then recovery", timeoutMs: 220_000, run: outageThenRecovery },
  { key: "f", name: "(f) key revoked, then restored", timeoutMs: 220_000, run: revokedKey },
  { key: "d", name: "(d) change during a 30,000 backfill", timeoutMs: 240_000, run: liveChangeDuringBigBackfill },
  { key: "c", name: "(c) SIGKILL of the backfill's worker", timeoutMs: 240_000, run: killBackfillWorker },
  { key: "g", name: "(g) 5 s database disconnect in a backfill", timeoutMs: 200_000, run: databaseDisconnect },
]
