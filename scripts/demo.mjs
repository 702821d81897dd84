#!/usr/bin/env node
/**
 * `npm run demo`: an existing store gets the plugin, and its customers reach Omnisend through a
 * batch backfill.
 *
 *   1. PostgreSQL: DATABASE_URL when set, else an embedded one (nothing to install).
 *   2. Omnisend: the real API when OMNISEND_API_KEY is set (OMNISEND_API_URL defaults to Omnisend's
 *      v3 URL), else the emulator of tools/omnisend-emulator in a child process.
 *   3. The store (this repository's medusa-config.ts) starts without an Omnisend key, and sample
 *      customers are created through the admin API: consent, addresses, phones, a few without email.
 *   4. The store restarts with the key, the backfill is started with POST /admin/omnisend/backfill
 *      and followed with GET /admin/omnisend/backfill (a progress bar).
 *   5. Each customer is looked up in Omnisend; contacts by channel status and what was not sent are
 *      printed, then what the plugin's ledger says of each. Exits 0 when every customer with an
 *      email reached Omnisend and the ledger says so.
 */
import { randomBytes } from "node:crypto"
import { dirname, join, resolve } from "node:path"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { ensurePostgres } from "./lib/local-postgres.mjs"
import { forkTypeScript, migrateDatabase } from "./lib/medusa-processes.mjs"
import { createScratchDatabase } from "./lib/scratch-database.mjs"

const OMNISEND_V3_URL = "https://api.omnisend.com/v3"
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
// In the emails, so that the demo can run again on the same DATABASE_URL without duplicates.
const runTag = Date.now().toString(36).slice(-5)
const admin = { email: `demo-admin-${runTag}@example.com`, password: randomBytes(12).toString("hex") }
const cleanups = []
const startedAt = performance.now()

const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`
const say = (line = "") => console.log(line)

async function step(label, action) {
  process.stdout.write(`• ${label}... `)
  const stepStarted = performance.now()
  const result = await action()
  say(`done (${((performance.now() - stepStarted) / 1000).toFixed(1)} s)`)
  return result
}

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Dennis", "Frances", "Ken", "Radia"]
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee", "Liskov", "Ritchie", "Allen", "Thompson", "Perlman"]
const CITIES = [
  { city: "London", country_code: "gb", postal_code: "EC1A 1BB" },
  { city: "Manchester", country_code: "gb", postal_code: "M1 1AE" },
  { city: "Boston", country_code: "us", province: "MA", postal_code: "02108" },
  { city: "Berlin", country_code: "de", postal_code: "10115" },
]

/** The demo's customers: what an established store has, good data and bad. */
function sampleCustomers() {
  const customers = Array.from({ length: 36 }, (_, index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length]
    const last = LAST_NAMES[(index * 5) % LAST_NAMES.length]
    const customer = {
      // Mixed case on purpose: Omnisend's email ids are case-sensitive, the plugin normalises them.
      body: { email: `${first}.${last}.${index + 1}.${runTag}@Example.com`, first_name: first, last_name: last },
      address: index % 2 === 0 ? { address_1: `${index + 1} Market Street`, is_default_billing: true, ...CITIES[index % CITIES.length] } : null,
    }
    const metadata = {}
    if (index % 3 === 0) {
      Object.assign(metadata, { email_marketing_consent: true, email_marketing_consent_at: "2025-05-01T09:00:00Z" })
    } else if (index % 5 === 1) {
      Object.assign(metadata, { email_marketing_consent: false, email_marketing_consent_at: "2025-06-01T09:00:00Z" })
    }
    if (index % 4 === 0) {
      customer.body.phone = `+44 20 7946 0${String(100 + index).padStart(3, "0")}`
      if (index % 8 === 0) {
        Object.assign(metadata, { sms_marketing_consent: true, sms_marketing_consent_at: "2025-05-01T09:00:00Z" })
      }
    }
    if (Object.keys(metadata).length > 0) {
      customer.body.metadata = metadata
    }
    return customer
  })
  customers.push(
    { body: { email: `typo.phone.${runTag}@example.com`, first_name: "Typo", last_name: "Phone", phone: "12345" }, address: null },
    { body: { first_name: "Walk-in", last_name: "Customer" }, address: null },
    { body: { first_name: "Phone", last_name: "Order", phone: "+44 20 7946 0999" }, address: null }
  )
  return customers
}

async function startStore(databaseUrl, omnisend) {
  const store = forkTypeScript(join(repoRoot, "scripts/lib/demo-store.ts"), [], {
    silent: true,
    env: {
      DATABASE_URL: databaseUrl,
      OMNISEND_API_KEY: omnisend?.apiKey ?? "",
      OMNISEND_API_URL: omnisend?.url ?? "",
      // The demo starts the backfill itself; a scheduled one firing meanwhile would only get in the way.
      OMNISEND_BACKFILL_SCHEDULE_ENABLED: "false",
      DEMO_ADMIN_EMAIL: admin.email,
      DEMO_ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
      MEDUSA_DISABLE_TELEMETRY: "true",
    },
  })
  const { port } = await store.waitFor("ready")
  const base = `http://127.0.0.1:${port}`
  const login = await request(`${base}/auth/user/emailpass`, { method: "POST", body: { email: admin.email, password: admin.password } })
  const headers = { authorization: `Bearer ${login.token}` }
  return {
    api: (path, options = {}) => request(`${base}${path}`, { ...options, headers }),
    stop: async () => {
      store.child.send({ type: "stop" })
      await store.exited
    },
  }
}

async function request(url, { method = "GET", body, headers = {}, accept = [200] } = {}) {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  if (!accept.includes(response.status)) {
    throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 500)}`)
  }
  return { status: response.status, ...data }
}

function progressLine(run) {
  if (run.status === "running" && run.total === 0) {
    return "  waiting for the store's worker to pick the backfill up..."
  }
  const width = 28
  const filled = Math.round(run.progress * width)
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`
  return (
    `  [${bar}] ${String(Math.round(run.progress * 100)).padStart(3)}%  ${run.processed}/${run.total} customers · ` +
    `${run.succeeded} in Omnisend · ${run.skipped} skipped · ${run.failed} failed · ${run.batches} batch(es)`
  )
}

async function followBackfill(store, runId) {
  const interactive = process.stdout.isTTY
  let last = ""
  for (;;) {
    const { run } = await store.api("/admin/omnisend/backfill")
    if (run.id !== runId) {
      throw new Error(`another backfill (${run.id}) replaced the one started (${runId})`)
    }
    const line = progressLine(run)
    if (interactive) {
      process.stdout.write(`\r${line}`)
    } else if (line !== last) {
      say(line)
    }
    last = line
    if (run.status !== "running") {
      if (interactive) say()
      return run
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 250))
  }
}

/** Looks each customer up in Omnisend by the email the plugin sends (trimmed, lower case). */
async function contactsInOmnisend(omnisend, emails) {
  const found = []
  for (const email of emails) {
    const { contacts } = await request(`${omnisend.url}/contacts?email=${encodeURIComponent(email)}`, {
      headers: { "X-API-KEY": omnisend.apiKey },
    })
    if (contacts[0]) found.push(contacts[0])
  }
  return found
}

function tally(values) {
  const counts = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return Object.entries(counts)
    .map(([value, count]) => `${value} ${count}`)
    .join(" · ")
}

function printSummary(run, customers, contacts) {
  const withEmail = customers.filter((customer) => customer.body.email)
  const channel = (contact, type) =>
    contact.identifiers?.find((identifier) => identifier.type === type)?.channels?.[type === "email" ? "email" : "sms"]?.status
  const phones = contacts.filter((contact) => channel(contact, "phone"))
  say()
  say(`Backfill ${run.id}: ${run.status}${run.last_error ? ` (${run.last_error})` : ""}`)
  say(`  ${run.succeeded} contacts sent in ${run.batches} batch(es), ${run.skipped} customers skipped, ${run.failed} failed`)
  say()
  say("What landed in Omnisend (each customer looked up by email through Omnisend's API):")
  say(`  contacts        ${contacts.length} of ${withEmail.length} customers with an email`)
  say(`  email channel   ${tally(contacts.map((contact) => channel(contact, "email")))}`)
  say(`  sms channel     ${tally(phones.map((contact) => channel(contact, "phone")))} (${phones.length} contacts with a phone)`)
  const reasons = [
    ...Object.entries(run.report.skipped).map(([reason, count]) => `  ${count} × skipped: ${reason}`),
    ...Object.entries(run.report.failed).map(([reason, count]) => `  ${count} × failed: ${reason}`),
  ]
  if (reasons.length > 0) {
    say("Not sent:")
    reasons.forEach((line) => say(line))
  }
}

async function main() {
  say("medusa-plugin-omnisend demo: existing customers reach Omnisend through a batch backfill")
  say()
  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    const postgres = await step("Starting PostgreSQL", () => ensurePostgres())
    cleanups.unshift(() => postgres.stop())
    const database = await createScratchDatabase(postgres.env, `omnisend_demo_${process.pid}`)
    cleanups.unshift(() => database.drop())
    databaseUrl = database.url
  }

  let omnisend
  if (process.env.OMNISEND_API_KEY) {
    omnisend = { apiKey: process.env.OMNISEND_API_KEY, url: process.env.OMNISEND_API_URL || OMNISEND_V3_URL }
    say(`• Omnisend: the real API at ${omnisend.url}`)
  } else {
    omnisend = await step("Starting the Omnisend emulator (400 requests per minute, like Omnisend)", async () => {
      const emulator = forkTypeScript(join(repoRoot, "scripts/lib/emulator-process.ts"), [], {
        env: { OMNISEND_EMULATOR_OPTIONS: JSON.stringify({ rateLimit: { limit: 400, windowMs: 60_000 } }) },
      })
      cleanups.unshift(() => emulator.stop())
      const { url, apiKey } = await emulator.waitFor("ready")
      return { url, apiKey }
    })
  }

  await step("Migrating the store database", () => migrateDatabase(databaseUrl))

  const customers = sampleCustomers()
  const before = await step("Starting the store, before the plugin has an Omnisend key", () => startStore(databaseUrl, null))
  await step(`Creating ${customers.length} customers through the admin API`, async () => {
    for (const customer of customers) {
      const { customer: created } = await before.api("/admin/customers", { method: "POST", body: customer.body })
      customer.id = created.id
      if (customer.address) {
        await before.api(`/admin/customers/${created.id}/addresses`, { method: "POST", body: customer.address })
      }
    }
  })
  await step("Stopping the store", () => before.stop())

  const store = await step("Starting the store with the Omnisend key", () => startStore(databaseUrl, omnisend))
  cleanups.unshift(() => store.stop())
  const started = await store.api("/admin/omnisend/backfill", { method: "POST", body: {}, accept: [202, 409] })
  say(`• Backfill ${started.run.id} ${started.status === 202 ? "started" : "already running: following it"}`)
  const run = await followBackfill(store, started.run.id)

  const emails = customers.filter((customer) => customer.body.email).map((customer) => customer.body.email.trim().toLowerCase())
  const contacts = await contactsInOmnisend(omnisend, emails)
  printSummary(run, customers, contacts)
  const entries = await ledgerEntries(store, customers)
  const ledgerTrue = printLedger(customers, entries)
  say()
  say(`Done in ${elapsed()}.`)
  return run.status === "completed" && contacts.length === emails.length && ledgerTrue
}

/** What the plugin's ledger says of each customer, as the admin's customer card shows it. */
async function ledgerEntries(store, customers) {
  const entries = new Map()
  for (const customer of customers) {
    const { entry } = await store.api(`/admin/omnisend/customers/${customer.id}`)
    entries.set(customer.id, entry)
  }
  return entries
}

/** True when every customer with an email is synced in the ledger, with its contact id or the reason it has none. */
function printLedger(customers, entries) {
  const withEmail = customers.filter((customer) => customer.body.email).map((customer) => entries.get(customer.id))
  const synced = withEmail.filter((entry) => entry?.state === "synced")
  const withId = synced.filter((entry) => entry.contact_id)
  const explained = synced.filter((entry) => !entry.contact_id && entry.contact_id_note)
  say()
  say("What the plugin's ledger says (GET /admin/omnisend/customers/:id for each customer):")
  say(`  states          ${tally([...entries.values()].map((entry) => entry?.state ?? "not seen"))}`)
  say(`  synced          ${synced.length} of ${withEmail.length} customers with an email: ${withId.length} with their contact id, ${explained.length} without`)
  if (explained.length > 0) {
    say(`                  (${explained[0].contact_id_note})`)
  }
  return synced.length === withEmail.length && withId.length + explained.length === synced.length
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup().catch(() => undefined)
  }
}

process.on("SIGINT", () => cleanUp().finally(() => process.exit(130)))
main().then(
  async (ok) => {
    await cleanUp()
    process.exit(ok ? 0 : 1)
  },
  async (error) => {
    say()
    console.error(`The demo failed: ${error instanceof Error ? error.message : error}`)
    await cleanUp()
    process.exit(1)
  }
)
