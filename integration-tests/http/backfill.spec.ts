import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import backfillOmnisendContactsJob, { config as backfillJobConfig } from "../../src/jobs/backfill-omnisend-contacts"
import { NO_CONSENT_STATUS_DATE } from "../../src/mapping"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { backfillOmnisendContactsWorkflow } from "../../src/workflows/backfill-omnisend-contacts"
import type { RecordedRequest } from "../../tools/omnisend-emulator"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(180_000)

// Read by medusa-config.ts when the runner boots the store: the job must take its cron from here.
process.env.OMNISEND_BACKFILL_SCHEDULE = "*/20 * * * *"

/** Values the emulator draws for batch item faults: a test queues them, 0.99 (no fault) otherwise. */
let faultDraws: number[] = []
const emulator = useOmnisendEmulator({ batch: { tickMs: 5 }, random: () => faultDraws.shift() ?? 0.99 })

const CONSENT_AT = "2025-03-01T10:00:00.000Z"
const WITHDRAWN_AT = "2025-04-01T10:00:00.000Z"

interface SeededCustomer {
  email: string | null
  first_name: string
  metadata?: Record<string, unknown>
  phone?: string
  addresses?: Array<Record<string, unknown>>
}

/** i-th valid customer: every 4th consented, every 7th withdrew consent, every 3rd has an address. */
function validCustomer(i: number): SeededCustomer {
  const customer: SeededCustomer = { email: `customer${i}@example.com`, first_name: `Customer ${i}` }
  if (i % 4 === 0) {
    customer.metadata = { email_marketing_consent: true, email_marketing_consent_at: CONSENT_AT }
  } else if (i % 7 === 0) {
    customer.metadata = { email_marketing_consent: false, email_marketing_consent_at: WITHDRAWN_AT }
  }
  if (i % 10 === 0) {
    customer.phone = `+4474${String(i).padStart(8, "0")}`
  }
  if (i % 3 === 0) {
    customer.addresses = [{ address_1: `${i} High Street`, city: "London", country_code: "gb", is_default_billing: true }]
  }
  return customer
}

function expectedEmailChannel(i: number) {
  if (i % 4 === 0) return { status: "subscribed", statusDate: CONSENT_AT }
  if (i % 7 === 0) return { status: "unsubscribed", statusDate: WITHDRAWN_AT }
  return { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE }
}

const INVALID_CUSTOMERS: SeededCustomer[] = [
  { email: null, first_name: "No email 1" },
  { email: null, first_name: "No email 2" },
  { email: "not-an-email", first_name: "Invalid 1" },
  { email: "jane@", first_name: "Invalid 2" },
  { email: "@example.com", first_name: "Invalid 3" },
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const batchPosts = () => emulator().state.requests().filter((r) => r.method === "POST" && r.path === "/v3/batches")
    const itemsOf = (request: RecordedRequest) => (request.body as { items: any[] }).items
    const sentCustomerIds = () =>
      batchPosts().flatMap((request) => itemsOf(request).map((item) => item.customProperties.medusa_customer_id as string))

    /** Seeds customers straight through the customer module, a few hundred per call. */
    async function seedCustomers(customers: SeededCustomer[]): Promise<Array<{ id: string; email: string | null }>> {
      const customerModule = container.resolve(Modules.CUSTOMER)
      const created: Array<{ id: string; email: string | null }> = []
      for (let start = 0; start < customers.length; start += 500) {
        created.push(...(await customerModule.createCustomers(customers.slice(start, start + 500) as any)))
      }
      return created
    }

    async function waitForRunToEnd(): Promise<any> {
      const deadline = Date.now() + 120_000
      for (;;) {
        const { data } = await api.get("/admin/omnisend/backfill", admin)
        if (data.run && data.run.status !== "running") {
          return data.run
        }
        if (Date.now() > deadline) {
          throw new Error(`the backfill did not end in time: ${JSON.stringify(data.run)}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }

    async function startBackfill(body: Record<string, unknown> = {}): Promise<any> {
      const response = await api.post("/admin/omnisend/backfill", body, admin)
      expect(response.status).toBe(202)
      return response.data.run
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      faultDraws = []
      admin = await createAdminHeaders(container)
    })

    it("backfills 2,500 customers in three batches, records the invalid ones, and sends nothing the second time", async () => {
      const valid = Array.from({ length: 2500 }, (_, index) => validCustomer(index + 1))
      const customers = await seedCustomers([...valid, ...INVALID_CUSTOMERS])
      const idOf = new Map(customers.map((customer) => [customer.email, customer.id]))

      const started = await startBackfill()
      expect(started).toEqual(expect.objectContaining({ status: "running", dry_run: false, mode: "full" }))
      const run = await waitForRunToEnd()

      expect(run).toEqual(
        expect.objectContaining({
          id: started.id,
          status: "completed",
          processed: 2505,
          total: 2505,
          succeeded: 2500,
          failed: 0,
          skipped: 5,
          batches: 3,
          progress: 1,
          last_error: null,
        })
      )
      expect(run.report).toEqual(
        expect.objectContaining({
          created: 2500,
          updated: 0,
          skipped: { "customer has no email": 2, "email *** is not a valid email address": 3 },
          subscribed: { email: 625, sms: 0 },
          failed: {},
        })
      )
      expect(batchPosts().map((request) => itemsOf(request).length)).toEqual([1000, 1000, 500])
      expect(emulator().state.requests().filter((request) => request.path === "/v3/contacts")).toEqual([])
      // Batch items are backfills of existing customers: no welcome message is requested.
      expect(JSON.stringify(batchPosts().map((request) => request.body))).not.toContain("sendWelcomeMessage")

      const contacts = emulator().state.contacts()
      expect(contacts).toHaveLength(2500)
      const contactByEmail = new Map(contacts.map((contact) => [contact.email, contact]))
      valid.forEach((customer, index) => {
        const contact = contactByEmail.get(customer.email!)!
        expect(contact.identifiers[0].channels.email).toEqual(expectedEmailChannel(index + 1))
        expect(contact.customProperties.medusa_customer_id).toBe(idOf.get(customer.email))
      })
      expect(contactByEmail.get("customer30@example.com")).toEqual(
        expect.objectContaining({ phone: "+447400000030", city: "London", countryCode: "GB", firstName: "Customer 30" })
      )

      const ledger = await omnisend().listSyncLedgerEntries({}, { take: null })
      expect(ledger).toHaveLength(2505)
      const synced = ledger.filter((entry) => entry.state === "synced")
      expect(synced).toHaveLength(2500)
      // Asked before the long loop below: it blocks the event loop past the store's keep-alive timeout,
      // and a request on the socket the store closed meanwhile would fail with ECONNRESET.
      const shown = await api.get(`/admin/omnisend/customers/${synced[0].customer_id}`, admin)
      expect(shown.data.entry).toEqual(
        expect.objectContaining({ state: "synced", contact_id: null, contact_id_note: expect.stringContaining("next sync") })
      )
      // The next sync sends nothing new and records the id with one look-up.
      const resynced = await api.post(`/admin/omnisend/customers/${synced[0].customer_id}/sync`, {}, admin)
      expect(resynced.data.outcome).toEqual({ state: "synced", sent: "none" })
      expect(resynced.data.entry.contact_id).toBe(contactByEmail.get(synced[0].email!)!.contactID)
      // Every batch finished without a failed item, so their items were never read (Omnisend names
      // contact ids only there): the ledger says so, and the admin shows why.
      const calls = emulator().state.requests().map((request) => `${request.method} ${request.path}`)
      expect(calls.filter((call) => call.endsWith("/items"))).toEqual([])
      expect(calls.filter((call) => /^GET \/v3\/batches\/[0-9a-f]+$/.test(call))).toEqual([])
      expect(calls.filter((call) => call === "GET /v3/batches").length).toBeGreaterThan(0)
      for (const entry of synced) {
        expect(contactByEmail.get(entry.email!)).toBeDefined()
        expect(entry).toEqual(expect.objectContaining({ contact_id: null, batch_id: null, pending: null, attempts: 0 }))
        expect(entry.last_sent_hash).toMatch(/^[0-9a-f]{64}$/)
        expect(entry.customer_updated_at).not.toBeNull()
      }
      const skipped = ledger.filter((entry) => entry.state === "skipped")
      expect(skipped.map((entry) => entry.last_error).sort()).toEqual([
        "customer has no email",
        "customer has no email",
        "email *** is not a valid email address",
        "email *** is not a valid email address",
        "email j***@*** is not a valid email address",
      ])

      // What the scheduled job runs finds nothing never synced or changed since, and leaves no run behind.
      emulator().state.clearRequests()
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { mode: "changed" } })
      expect(result.outcome).toEqual({ status: "completed", discarded: true })
      expect(emulator().state.requests()).toEqual([])
      expect((await api.get("/admin/omnisend/backfill", admin)).data.run.id).toBe(started.id)

      // A full run finds every contact up to date.
      await startBackfill()
      const second = await waitForRunToEnd()
      expect(second).toEqual(expect.objectContaining({ status: "completed", succeeded: 0, batches: 0, skipped: 5 }))
      expect(second.report.unchanged).toBe(2500)
      expect(batchPosts()).toHaveLength(0)
    })

    it("answers 401 without an admin session and 400 for an invalid body; GET answers null before any run", async () => {
      await expect(api.get("/admin/omnisend/backfill")).rejects.toMatchObject({ response: { status: 401 } })
      await expect(api.post("/admin/omnisend/backfill", {})).rejects.toMatchObject({ response: { status: 401 } })
      await expect(api.post("/admin/omnisend/backfill", { dry_run: "yes" }, admin)).rejects.toMatchObject({
        response: { status: 400 },
      })
      await expect(api.post("/admin/omnisend/backfill", { mode: "full" }, admin)).rejects.toMatchObject({
        response: { status: 400 },
      })
      expect((await api.get("/admin/omnisend/backfill", admin)).data).toEqual({ run: null })
      expect(await omnisend().listBackfillRuns({})).toEqual([])
    })

    it("refuses a backfill while sync is turned off, but still runs a dry run", async () => {
      await api.post("/admin/omnisend/settings", { enabled: false }, admin)
      const refused = await api
        .post("/admin/omnisend/backfill", {}, admin)
        .catch((error: { response: { status: number; data: any } }) => error.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toContain("Omnisend sync is turned off or no API key is set")
      expect(await omnisend().listBackfillRuns({})).toEqual([])

      await startBackfill({ dry_run: true })
      expect(await waitForRunToEnd()).toEqual(expect.objectContaining({ status: "completed", dry_run: true }))
      expect(emulator().state.requests()).toEqual([])
    })

    it("a dry run reports what would be sent, grouped, without calling Omnisend or writing the ledger", async () => {
      await seedCustomers([...Array.from({ length: 40 }, (_, index) => validCustomer(index + 1)), ...INVALID_CUSTOMERS])

      const started = await startBackfill({ dry_run: true })
      expect(started.dry_run).toBe(true)
      const run = await waitForRunToEnd()

      expect(run).toEqual(
        expect.objectContaining({
          status: "completed",
          dry_run: true,
          processed: 45,
          total: 45,
          succeeded: 0,
          failed: 0,
          skipped: 5,
          batches: 1,
          progress: 1,
        })
      )
      expect(run.report).toEqual({
        created: 40,
        updated: 0,
        unchanged: 0,
        skipped: { "customer has no email": 2, "email *** is not a valid email address": 3 },
        failed: {},
        // Customers 4, 8, ..., 40 gave consent.
        subscribed: { email: 10, sms: 0 },
        resent: 0,
        stopped_batches: 0,
        waiting_for_key: false,
      })
      expect(emulator().state.requests()).toEqual([])
      expect(await omnisend().listSyncLedgerEntries({})).toEqual([])
    })

    it("answers 409 with the running backfill when another is started meanwhile", async () => {
      await seedCustomers(Array.from({ length: 1500 }, (_, index) => validCustomer(index + 1)))
      const started = await startBackfill()
      const second = await api
        .post("/admin/omnisend/backfill", {}, admin)
        .catch((error: { response: { status: number; data: any } }) => error.response)
      expect(second.status).toBe(409)
      expect(second.data.run).toEqual(expect.objectContaining({ id: started.id, status: "running" }))
      expect((await waitForRunToEnd()).id).toBe(started.id)
      expect(await omnisend().listBackfillRuns({})).toHaveLength(1)
    })

    it("sends items Omnisend answered 503 for again, in a later batch, until they are synced", async () => {
      await seedCustomers(Array.from({ length: 120 }, (_, index) => validCustomer(index + 1)))
      emulator().configure({ faults: { batchItemFailureRate: 0.5 } })
      // The first three items processed fail with 503; every later draw succeeds.
      faultDraws = [0, 0, 0]

      await startBackfill()
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 120, failed: 0, batches: 2 }))
      expect(run.report.resent).toBe(3)
      const posts = batchPosts()
      // Results come back shuffled: the resent ones are the three that failed, whatever their order.
      expect(itemsOf(posts[1]).map((item) => item.customProperties.medusa_customer_id).sort()).toEqual(
        itemsOf(posts[0]).slice(0, 3).map((item) => item.customProperties.medusa_customer_id).sort()
      )
      expect(emulator().state.contacts()).toHaveLength(120)
      const ledger = await omnisend().listSyncLedgerEntries({}, { take: null })
      expect(ledger.every((entry) => entry.state === "synced" && entry.batch_id === null)).toBe(true)
      // The first batch had failures, so its items were read (results listed in `errors` and
      // `responses`, shuffled): each customer got its own contact's id, matched by the echoed request.
      const firstBatch = new Set(itemsOf(posts[0]).map((item) => item.customProperties.medusa_customer_id as string))
      const withIds = ledger.filter((entry) => firstBatch.has(entry.customer_id) && entry.contact_id !== null)
      expect(withIds).toHaveLength(117)
      for (const entry of withIds) {
        expect(entry.contact_id).toBe(emulator().state.contactByEmail(entry.email!)!.contactID)
      }
    })

    it("sends again items Omnisend answered 403, 408 or 429 for (3 sends in all), and never data it refused", async () => {
      const customers = await seedCustomers(Array.from({ length: 8 }, (_, index) => validCustomer(index + 1)))
      const failing = ["customer1@example.com", "customer2@example.com", "customer3@example.com"]
      const failingIds = failing.map((email) => customers.find((customer) => customer.email === email)!.id)
      const cases = [
        { status: 403, code: "OMNISEND_BLOCKED", sent: 8 + 6 },
        { status: 408, code: "OMNISEND_UNAVAILABLE", sent: 3 + 6 },
        { status: 429, code: "OMNISEND_RATE_LIMITED", sent: 3 + 6 },
        { status: 400, code: "OMNISEND_INVALID_DATA", sent: 3 },
      ]
      for (const { status, code, sent } of cases) {
        emulator().configure({ faults: { failBatchItemsFor: { emails: failing, status } } })
        emulator().state.clearRequests()
        await startBackfill()
        const run = await waitForRunToEnd()

        expect(run).toEqual(expect.objectContaining({ status: "completed", failed: 3 }))
        expect(run.report.resent).toBe(status === 400 ? 0 : 6)
        expect(sentCustomerIds()).toHaveLength(sent)
        const failed = await omnisend().listSyncLedgerEntries({ state: "failed" }, { take: null })
        expect(failed.map((entry) => [entry.customer_id, entry.last_error_code]).sort()).toEqual(
          failingIds.map((id) => [id, code]).sort()
        )
      }
      // A 403 on a batch item is a passing block: the sync was never paused.
      expect((await omnisend().getSyncSettings()).enabled).toBe(true)
    })

    it("sends again the customers of a batch Omnisend no longer knows (removed after 7 days)", async () => {
      const customers = await seedCustomers(Array.from({ length: 1200 }, (_, index) => validCustomer(index + 1)))
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { stop_after_batches: 1 } })
      expect(result.outcome).toEqual(expect.objectContaining({ status: "interrupted" }))
      await emulator().waitForBatches()
      emulator().expireBatches()
      const [interrupted] = await omnisend().listBackfillRuns({ id: result.run_id! })
      await omnisend().updateBackfillRuns({ id: interrupted.id, heartbeat_at: new Date(Date.now() - 5 * 60_000) })

      await startBackfill()
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 1200, failed: 0 }))
      expect(run.report.resent).toBe(1000)
      expect(new Set(sentCustomerIds())).toEqual(new Set(customers.map((customer) => customer.id)))
      const ledger = await omnisend().listSyncLedgerEntries({}, { take: null })
      expect(ledger.filter((entry) => entry.state === "synced")).toHaveLength(1200)
    })

    it("follows each batch by id when Omnisend's batch list is not available", async () => {
      await seedCustomers(Array.from({ length: 30 }, (_, index) => validCustomer(index + 1)))
      emulator().configure({ batch: { tickMs: 5, listEndpoint: false } })

      await startBackfill()
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 30 }))
      const calls = emulator().state.requests().map((request) => `${request.method} ${request.path} ${request.status}`)
      expect(calls).toContain("GET /v3/batches 404")
      expect(calls.some((call) => /^GET \/v3\/batches\/[0-9a-f]+ 200$/.test(call))).toBe(true)
    })

    it("reports a batch Omnisend stopped and sends its unprocessed items again", async () => {
      await seedCustomers(Array.from({ length: 50 }, (_, index) => validCustomer(index + 1)))
      emulator().configure({ batch: { tickMs: 5, stopAfterErrors: 0 }, faults: { batchItemFailureRate: 0.5 } })
      // Item 11 fails, which stops the batch: items 12 to 50 stay unprocessed.
      faultDraws = [...Array(10).fill(0.99), 0]

      await startBackfill()
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 50, failed: 0, batches: 2 }))
      expect(run.report).toEqual(expect.objectContaining({ stopped_batches: 1, resent: 40 }))
      expect(run.last_error).toContain("Omnisend stopped batch")
      expect(run.last_error).toContain("39 contact(s) it did not process were queued again")
      expect(emulator().state.batches().map((batch) => [batch.status, batch.totalCount])).toEqual([
        ["stopped", 50],
        ["finished", 40],
      ])
      expect(emulator().state.contacts()).toHaveLength(50)
    })

    it("resumes a run interrupted after its first batch, with no contact sent twice or missed", async () => {
      const customers = await seedCustomers(Array.from({ length: 2500 }, (_, index) => validCustomer(index + 1)))

      // As a killed process would: the first batch is out and checkpointed, nothing more happens.
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { stop_after_batches: 1 } })
      expect(result.outcome).toEqual(expect.objectContaining({ status: "interrupted" }))
      const [interrupted] = await omnisend().listBackfillRuns({ id: result.run_id! })
      expect(interrupted).toEqual(expect.objectContaining({ status: "running", batches: 1 }))
      expect(interrupted.cursor).not.toBeNull()
      const pending = interrupted.pending_batches as unknown as Array<{ batch_id: string; customer_ids: string[] }>
      expect(pending).toHaveLength(1)
      expect(pending[0].customer_ids).toHaveLength(1000)
      expect(batchPosts()).toHaveLength(1)
      expect(pending[0].batch_id).toBe(emulator().state.batches()[0].batchID)
      const waiting = await omnisend().listSyncLedgerEntries({ batch_id: pending[0].batch_id }, { take: null })
      expect(waiting).toHaveLength(1000)
      expect(waiting.every((entry) => entry.state === "pending" && entry.pending !== null)).toBe(true)

      // While its heartbeat is fresh the run counts as working; once stale, a start resumes it.
      await expect(api.post("/admin/omnisend/backfill", {}, admin)).rejects.toMatchObject({ response: { status: 409 } })
      await omnisend().updateBackfillRuns({ id: interrupted.id, heartbeat_at: new Date(Date.now() - 5 * 60_000) })
      const resumed = await startBackfill()
      expect(resumed.id).toBe(interrupted.id)
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 2500, processed: 2500, batches: 3 }))
      const sent = sentCustomerIds()
      expect(sent).toHaveLength(2500)
      expect(new Set(sent)).toEqual(new Set(customers.map((customer) => customer.id)))
      expect(emulator().state.contacts()).toHaveLength(2500)
      const ledger = await omnisend().listSyncLedgerEntries({}, { take: null })
      expect(ledger.filter((entry) => entry.state === "synced")).toHaveLength(2500)
    })

    it("pauses sync when Omnisend refuses the key, calls it at most once more, and continues where it stopped once the key works", async () => {
      const customers = await seedCustomers(Array.from({ length: 2500 }, (_, index) => validCustomer(index + 1)))
      // The first batch is out and checkpointed, then the process dies.
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { stop_after_batches: 1 } })
      await emulator().waitForBatches()
      await omnisend().updateBackfillRuns({ id: result.run_id!, heartbeat_at: new Date(Date.now() - 5 * 60_000) })

      const sentBefore = sentCustomerIds()
      expect(sentBefore).toHaveLength(1000)

      // The key is revoked in Omnisend; a start resumes the interrupted run with it.
      emulator().configure({ faults: { revokedApiKeys: [emulator().apiKey] } })
      emulator().state.clearRequests()
      expect((await startBackfill()).id).toBe(result.run_id)
      const stopped = await waitForRunToEnd()

      expect(stopped).toEqual(
        expect.objectContaining({ id: result.run_id, status: "failed", batches: 1, last_error: expect.stringContaining("Omnisend rejected the API key") })
      )
      expect(stopped.last_error).toContain("continues where it stopped once the key passes Test connection")
      expect(stopped.report.waiting_for_key).toBe(true)
      const refused = emulator().state.requests()
      const firstRefusal = refused.findIndex((request) => request.status === 401)
      expect(firstRefusal).toBe(0)
      expect(refused.length - firstRefusal - 1).toBeLessThanOrEqual(1)
      const { paused } = await omnisend().resolveSettings()
      expect(paused?.reason).toContain("Omnisend rejected the API key")

      // Paused: neither the admin nor the scheduled backfill starts a run, and nobody calls Omnisend.
      const refusedStart = await api
        .post("/admin/omnisend/backfill", {}, admin)
        .catch((error: { response: { status: number; data: any } }) => error.response)
      expect(refusedStart.status).toBe(400)
      expect(refusedStart.data.message).toContain("Omnisend sync is paused")
      const scheduled = await backfillOmnisendContactsWorkflow(container).run({ input: { mode: "changed" } })
      expect(scheduled.result).toEqual({ run_id: null, outcome: null })
      expect(await omnisend().listBackfillRuns({})).toHaveLength(1)
      expect(emulator().state.requests()).toHaveLength(refused.length)

      // The key works again; the connection test lifts the pause and the run continues from its checkpoint.
      emulator().configure({ faults: {} })
      const verified = await api.post("/admin/omnisend/settings/verify", {}, admin)
      expect(verified.data).toEqual(expect.objectContaining({ ok: true, resumed: true }))
      const run = await waitForRunToEnd()

      expect(run).toEqual(
        expect.objectContaining({ id: result.run_id, status: "completed", succeeded: 2500, failed: 0, batches: 3, last_error: null })
      )
      expect(run.report.waiting_for_key).toBe(false)
      const accepted = batchPosts().filter((request) => request.status === 200)
      // The first batch is not sent again: it was followed to its end after the pause.
      const sent = [
        ...sentBefore,
        ...accepted.flatMap((request) => itemsOf(request).map((item) => item.customProperties.medusa_customer_id as string)),
      ]
      expect(sent).toHaveLength(2500)
      expect(new Set(sent)).toEqual(new Set(customers.map((customer) => customer.id)))
      expect(emulator().state.contacts()).toHaveLength(2500)
      const ledger = await omnisend().listSyncLedgerEntries({}, { take: null })
      expect(ledger.filter((entry) => entry.state === "synced")).toHaveLength(2500)
    })

    it("a run in progress that a worker picks up while sync is paused waits for the key without calling Omnisend", async () => {
      await seedCustomers(Array.from({ length: 1200 }, (_, index) => validCustomer(index + 1)))
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { stop_after_batches: 1 } })
      await omnisend().pauseSyncForRejectedKey(emulator().apiKey, "Omnisend rejected the API key while creating a contact (HTTP 401).")
      emulator().state.clearRequests()

      // What the worker runs when a start hands it the run.
      const picked = await backfillOmnisendContactsWorkflow(container).run({ input: { start_new: false } })

      expect(picked.result).toEqual({
        run_id: result.run_id,
        outcome: { status: "waiting_for_key", reason: "Omnisend rejected the API key while creating a contact (HTTP 401)." },
      })
      const [run] = await omnisend().listBackfillRuns({ id: result.run_id! })
      expect(run).toEqual(
        expect.objectContaining({ status: "failed", batches: 1, last_error: expect.stringContaining("Omnisend sync is paused") })
      )
      expect(run.report).toEqual(expect.objectContaining({ waiting_for_key: true }))
      expect(run.pending_batches).toHaveLength(1)
      expect(emulator().state.requests()).toEqual([])
    })

    it("takes the job's cron from the plugin options, and the job does nothing while the schedule is off", async () => {
      expect(backfillJobConfig.schedule).toEqual({ cron: "*/20 * * * *", concurrency: "forbid" })
      await seedCustomers([validCustomer(1)])
      // integration-tests/setup.js turns the schedule off for every test store.
      await backfillOmnisendContactsJob(container)
      expect(await omnisend().listBackfillRuns({})).toEqual([])
      expect(emulator().state.requests()).toEqual([])
    })
  },
})
