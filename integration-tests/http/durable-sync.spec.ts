import { setTimeout as sleep } from "node:timers/promises"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { PostgresLeases } from "../../src/lib/postgres-leases"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { BackfillLedgerSql } from "../../src/workflows/backfill/backfill-ledger-sql"
import { createBackfillRun } from "../../src/workflows/backfill/backfill-runs"
import { backfillOmnisendContactsWorkflow } from "../../src/workflows/backfill-omnisend-contacts"
import { retryPendingOmnisendSyncsWorkflow } from "../../src/workflows/retry-pending-omnisend-syncs"
import { syncCustomerToOmnisendWorkflow } from "../../src/workflows/sync-customer-to-omnisend"
import { claimDueSyncRequests, recordSyncRequests } from "../../src/workflows/sync-requests/sync-request-sql"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(120_000)

const emulator = useOmnisendEmulator()

/**
 * Nothing Medusa accepted is lost: every change is written down before anything is sent, and the
 * retry job sends what did not arrive (Omnisend away, sync off, a lost event, a failed unsubscribe)
 * with backoff, until Omnisend takes it or refuses the data for good.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const knex = () => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const ledgerOf = async (customerId: string) => (await omnisend().listSyncLedgerEntries({ customer_id: customerId }))[0]
    const afterEvent = async <T>(eventName: string, action: () => Promise<T>): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), { timeout: 60_000 })
      const result = await action()
      await done
      return result
    }
    const createCustomer = async (email: string, extra: Record<string, unknown> = {}) =>
      (await afterEvent("customer.created", () => api.post("/admin/customers", { email, ...extra }, admin))).data.customer
    /** What the job does every minute, with every pending change made due (its backoff is unit-tested). */
    const runRetryJob = async () => {
      await knex().raw(`UPDATE omnisend_sync_ledger_entry SET next_attempt_at = now() WHERE sync_requested_at IS NOT NULL`)
      const { result } = await retryPendingOmnisendSyncsWorkflow(container).run()
      return result
    }
    const writes = () => emulator().state.requests().filter((request) => request.method !== "GET")

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      emulator().configure({ faults: {} })
      admin = await createAdminHeaders(container)
    })

    it("a change made while Omnisend is down is kept pending with its reason, then sent once Omnisend answers", async () => {
      emulator().configure({ faults: { unavailableRate: 1 } })
      const before = Date.now()
      const customer = await createCustomer("outage@example.com", { first_name: "Otto" })

      const waiting = await ledgerOf(customer.id)
      expect(waiting).toEqual(
        expect.objectContaining({ state: "pending", attempts: 1, last_error_code: "OMNISEND_UNAVAILABLE", sync_requested_at: expect.any(Date) })
      )
      // The first retry is due 5 s after the failure, not at once and not in 15 minutes.
      expect(new Date(waiting.next_attempt_at as Date).getTime()).toBeGreaterThan(before + 4_000)
      expect(new Date(waiting.next_attempt_at as Date).getTime()).toBeLessThan(Date.now() + 6_000)
      expect(emulator().state.contactByEmail("outage@example.com")).toBeUndefined()

      emulator().configure({ faults: {} })
      await runRetryJob()

      expect(emulator().state.contactByEmail("outage@example.com")).toEqual(expect.objectContaining({ firstName: "Otto" }))
      expect(await ledgerOf(customer.id)).toEqual(
        expect.objectContaining({ state: "synced", attempts: 0, sync_requested_at: null, next_attempt_at: null })
      )
    })

    it("changes made while sync is off reach Omnisend, latest data first time, once it is on again", async () => {
      await api.post("/admin/omnisend/settings", { enabled: false }, admin)
      const customer = await createCustomer("while.off@example.com", { first_name: "First" })
      await afterEvent("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { first_name: "Latest" }, admin))
      expect(writes()).toEqual([])
      expect((await ledgerOf(customer.id)).sync_requested_at).toEqual(expect.any(Date))
      expect((await runRetryJob()).synced).toBe(0)

      await api.post("/admin/omnisend/settings", { enabled: true }, admin)
      await runRetryJob()

      expect(emulator().state.contactByEmail("while.off@example.com")).toEqual(expect.objectContaining({ firstName: "Latest" }))
      expect(writes()).toHaveLength(1)
      expect((await ledgerOf(customer.id)).sync_requested_at).toBeNull()
    })

    it("a backfill that sends changes held while sync was off settles them: the retry job sends nothing more", async () => {
      await api.post("/admin/omnisend/settings", { enabled: false }, admin)
      const held = await createCustomer("held.then.batched@example.com", { first_name: "Held" })
      expect((await ledgerOf(held.id)).sync_requested_at).toEqual(expect.any(Date))
      await api.post("/admin/omnisend/settings", { enabled: true }, admin)
      // A request recorded within a second of the batch's read is left to the retry job (clock margin).
      await sleep(1_100)

      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { mode: "full" } })
      expect(result.outcome).toEqual(expect.objectContaining({ status: "completed" }))
      expect(emulator().state.contactByEmail("held.then.batched@example.com")).toEqual(expect.objectContaining({ firstName: "Held" }))
      expect(await ledgerOf(held.id)).toEqual(expect.objectContaining({ state: "synced", sync_requested_at: null, next_attempt_at: null }))

      emulator().state.clearRequests()
      expect(await runRetryJob()).toEqual({ synced: 0, deletions: 0 })
      expect(emulator().state.requests()).toEqual([])
    })

    it("a batch that read a customer before a sync request was recorded leaves the request to send", async () => {
      const customer = await createCustomer("read.before.request@example.com")
      const { rows } = await knex().raw(`SELECT updated_at FROM customer WHERE id = ?`, [customer.id])
      const readAt = new Date(Date.now() - 10_000)
      const ledger = new BackfillLedgerSql(knex())
      const pending = JSON.stringify({
        action: "patch",
        email: "read.before.request@example.com",
        customer_updated_at: new Date(rows[0].updated_at).toISOString(),
        read_at: readAt.toISOString(),
      })
      await ledger.recordSent("batch_read_early", [{ customer_id: customer.id, pending_json: pending }], new Date())
      await recordSyncRequests(knex(), [customer.id], new Date(readAt.getTime() + 5_000), new Date())
      await ledger.recordSucceeded("batch_read_early", [{ customer_id: customer.id, contact_id: null, warnings: [] }], new Date())
      expect((await ledgerOf(customer.id)).sync_requested_at).toEqual(expect.any(Date))
    })

    it("a change whose event never arrived (profile or address) is found and sent", async () => {
      const customer = await createCustomer("lost.event@example.com", { first_name: "Before" })
      await knex().raw(`UPDATE customer SET first_name = 'After', updated_at = now() WHERE id = ?`, [customer.id])
      await knex().raw(
        `INSERT INTO customer_address (id, customer_id, address_1, city, country_code, created_at, updated_at)
         VALUES ('cuaddr_lost_event', ?, '1 Lost Lane', 'Leeds', 'gb', now(), now())`,
        [customer.id]
      )

      await runRetryJob()

      expect(emulator().state.contactByEmail("lost.event@example.com")).toEqual(
        expect.objectContaining({ firstName: "After", city: "Leeds", countryCode: "GB" })
      )
      // Found once: the next run finds nothing more to send.
      const calls = writes().length
      await runRetryJob()
      expect(writes()).toHaveLength(calls)
    })

    it("finds nothing to send for customers whose syncs went through, live or by batch", async () => {
      // Saved with PostgreSQL's microseconds (an import, a script), read by the sync in milliseconds.
      const live = await createCustomer("went.through@example.com", { first_name: "Live" })
      const batched = await createCustomer("by.batch@example.com")
      await knex().raw(`UPDATE customer SET first_name = 'Changed', updated_at = now() WHERE id IN (?, ?)`, [live.id, batched.id])
      await syncCustomerToOmnisendWorkflow(container).run({ input: { customer_id: live.id } })
      const { rows } = await knex().raw(`SELECT updated_at FROM customer WHERE id = ?`, [batched.id])
      const ledger = new BackfillLedgerSql(knex())
      const pending = JSON.stringify({
        action: "patch",
        email: "by.batch@example.com",
        customer_updated_at: new Date(rows[0].updated_at).toISOString(),
      })
      await ledger.recordSent("batch_clean", [{ customer_id: batched.id, pending_json: pending }], new Date())
      await ledger.recordSucceeded("batch_clean", [{ customer_id: batched.id, contact_id: null, warnings: [] }], new Date())
      expect((await ledgerOf(batched.id)).sync_requested_at).toBeNull()
      emulator().state.clearRequests()

      // Versions are compared in milliseconds: the microseconds must not make each look newer.
      expect((await retryPendingOmnisendSyncsWorkflow(container).run()).result).toEqual({ synced: 0, deletions: 0 })
      expect(emulator().state.requests()).toEqual([])
    })

    it("a new customer whose creation event was lost is found; one from before the plugin is left to the backfill", async () => {
      await createCustomer("synced.first@example.com")
      await knex().raw(
        `INSERT INTO customer (id, email, has_account, created_at, updated_at) VALUES
           ('cus_lost_created', 'lost.created@example.com', false, now(), now()),
           ('cus_before_plugin', 'before.plugin@example.com', false, now() - interval '1 day', now() - interval '1 hour')`
      )

      // While a backfill runs, customers without a ledger entry are its to send, in batches.
      const run = await createBackfillRun(omnisend(), { mode: "changed", dry_run: false })
      await runRetryJob()
      expect(emulator().state.contactByEmail("lost.created@example.com")).toBeUndefined()
      await omnisend().updateBackfillRuns({ id: run.id, status: "cancelled" })

      await runRetryJob()

      expect(emulator().state.contactByEmail("lost.created@example.com")).toBeDefined()
      expect(emulator().state.contactByEmail("before.plugin@example.com")).toBeUndefined()
      expect(await ledgerOf("cus_before_plugin")).toBeUndefined()
    })

    it("a batch that read a customer before a live change, recorded after it, leaves that change to send", async () => {
      const customer = await createCustomer("raced@example.com", { first_name: "Old" })
      const readAt = (await ledgerOf(customer.id)).customer_updated_at as Date
      const ledger = new BackfillLedgerSql(knex())
      const pending = JSON.stringify({ action: "patch", email: "raced@example.com", customer_updated_at: readAt.toISOString() })
      await ledger.recordSent("batch_raced", [{ customer_id: customer.id, pending_json: pending }], new Date())
      // The live change happens while the batch is in flight, and is sent at once.
      await afterEvent("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { first_name: "New" }, admin))
      // Omnisend processes the batch last: it puts the old name back, and the ledger records the batch.
      emulator().state.seedContact({
        identifiers: [{ type: "email", id: "raced@example.com", channels: { email: { status: "nonSubscribed", statusDate: "1970-01-01T00:00:00.000Z" } } }],
        firstName: "Old",
      })
      await ledger.recordSucceeded("batch_raced", [{ customer_id: customer.id, contact_id: null, warnings: [] }], new Date())
      expect((await ledgerOf(customer.id)).sync_requested_at).toEqual(expect.any(Date))

      await runRetryJob()

      expect(emulator().state.contactByEmail("raced@example.com")).toEqual(expect.objectContaining({ firstName: "New" }))
      expect((await ledgerOf(customer.id)).sync_requested_at).toBeNull()
    })

    it("an entry written after a change but holding older data (and no request) is found and sent", async () => {
      const customer = await createCustomer("older.data@example.com", { first_name: "Before" })
      await knex().raw(`UPDATE customer SET first_name = 'After', updated_at = now() WHERE id = ?`, [customer.id])
      await knex().raw(`UPDATE omnisend_sync_ledger_entry SET updated_at = now() + interval '1 second' WHERE customer_id = ?`, [
        customer.id,
      ])

      await runRetryJob()

      expect(emulator().state.contactByEmail("older.data@example.com")).toEqual(expect.objectContaining({ firstName: "After" }))
    })

    it("data Omnisend refuses for good is failed with the reason and not sent again", async () => {
      emulator().failNext({ status: 400, body: { error: "Invalid data", fields: { "0": ["firstName: too long"] } } })
      const customer = await createCustomer("refused@example.com", { first_name: "Refused" })
      expect(await ledgerOf(customer.id)).toEqual(
        expect.objectContaining({ state: "failed", last_error_code: "OMNISEND_INVALID_DATA", sync_requested_at: null })
      )
      const calls = writes().length

      await runRetryJob()

      expect(writes()).toHaveLength(calls)
    })

    it("the unsubscribe of a deleted customer that failed is retried and dated at the deletion", async () => {
      await api.post("/admin/omnisend/settings", { customer_deleted_action: "unsubscribe" }, admin)
      const customer = await createCustomer("deleted.later@example.com", { metadata: { email_marketing_consent: true } })
      emulator().configure({ faults: { unavailableRate: 1 } })
      await afterEvent("customer.deleted", () => api.delete(`/admin/customers/${customer.id}`, admin))
      const waiting = await ledgerOf(customer.id)
      expect(waiting).toEqual(expect.objectContaining({ state: "pending", customer_deleted_at: expect.any(Date), sync_requested_at: expect.any(Date) }))

      emulator().configure({ faults: {} })
      const { deletions } = await runRetryJob()

      expect(deletions).toBe(1)
      expect(emulator().state.contactByEmail("deleted.later@example.com")!.identifiers[0].channels.email).toEqual({
        status: "unsubscribed",
        statusDate: new Date(waiting.customer_deleted_at as Date).toISOString(),
      })
      expect((await ledgerOf(customer.id)).sync_requested_at).toBeNull()
    })

    it("processes claim disjoint shares of the due changes (row claims in PostgreSQL)", async () => {
      const ids = Array.from({ length: 60 }, (_, index) => `cus_claim_${String(index).padStart(2, "0")}`)
      const now = new Date()
      await recordSyncRequests(knex(), ids, now, now)

      const [first, second] = await Promise.all([claimDueSyncRequests(knex(), 40, 120), claimDueSyncRequests(knex(), 40, 120)])
      const claimed = [...first, ...second].map((request) => request.customer_id)

      expect(new Set(claimed).size).toBe(claimed.length)
      expect(claimed.sort()).toEqual(ids)
      expect(await claimDueSyncRequests(knex(), 40, 120)).toEqual([])
    })

    it("a lease excludes every other owner until released or expired", async () => {
      const leases = new PostgresLeases(knex())
      expect(await leases.tryAcquire("omnisend:test", "a", 1)).toBe(true)
      expect(await leases.tryAcquire("omnisend:test", "b", 1)).toBe(false)
      expect(await leases.tryAcquire("omnisend:test", "a", 1)).toBe(true)
      expect(await leases.release("omnisend:test", "b")).toBe(false)
      expect(await leases.release("omnisend:test", "a")).toBe(true)
      expect(await leases.tryAcquire("omnisend:test", "b", 1)).toBe(true)

      await new Promise((resolve) => setTimeout(resolve, 1_100))
      expect(await leases.tryAcquire("omnisend:test", "c", 1)).toBe(true)
      expect(await leases.release("omnisend:test", "b")).toBe(false)
    })
  },
})
