import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import syncUnsubscribesFromOmnisendJob, { config as unsubscribeJobConfig } from "../../src/jobs/sync-unsubscribes-from-omnisend"
import { PostgresLeases } from "../../src/lib/postgres-leases"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import { customerSyncLockKey } from "../../src/workflows/customer-sync-lock"
import { UNSUBSCRIBE_SYNC_LEASE_KEY } from "../../src/workflows/steps/claim-unsubscribe-sync-turn"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { createAdminHeaders } from "../helpers/admin-session"
import { createPublishableKey, registerStorefrontCustomer } from "../helpers/storefront-customer"
import { expectResubscription, useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(180_000)

// Read by medusa-config.ts when the runner boots the store. integration-tests/setup.js turns the job
// off for every other test store; here the tests call it, and its cron fires 12 hours from now. (Not
// a yearly cron: a next run more than 24.8 days away overflows the in-memory scheduler's timer,
// which then fires at once, again and again.)
const inTwelveHours = new Date(Date.now() + 12 * 3_600_000)
const JOB_CRON = `${inTwelveHours.getMinutes()} ${inTwelveHours.getHours()} * * *`
const JOB_ENV = {
  OMNISEND_UNSUBSCRIBE_SYNC_ENABLED: "true",
  OMNISEND_UNSUBSCRIBE_SYNC_SCHEDULE: JOB_CRON,
  // Two pages of 250 per run, so paging and resuming show with a few hundred contacts.
  OMNISEND_UNSUBSCRIBE_SYNC_MAX_PAGES: "2",
}
const previousEnv = Object.fromEntries(Object.keys(JOB_ENV).map((name) => [name, process.env[name]]))
Object.assign(process.env, JOB_ENV)
afterAll(() => {
  for (const [name, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

const emulator = useOmnisendEmulator()

const SUBSCRIBED_AT = "2026-03-01T09:00:00.000Z"
const UNSUBSCRIBED_AT = "2026-06-15T12:30:00.000Z"
const OPTED_IN_AGAIN_AT = "2026-08-01T08:00:00.000Z"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }
    let publishableKey: string

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const customers = () => container.resolve(Modules.CUSTOMER)
    const ledgerOf = async (customerId: string) => {
      const [entry] = await omnisend().listSyncLedgerEntries({ customer_id: customerId })
      return entry
    }
    const metadataOf = async (customerId: string) => (await customers().retrieveCustomer(customerId)).metadata
    /** Runs `action` and resolves once the subscribers of `count` `eventName` events have finished. */
    const afterSync = async <T>(eventName: string, action: () => Promise<T>, count = 1): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), {
        triggerCount: count,
        timeout: 60_000,
      })
      const result = await action()
      await done
      return result
    }
    const runJob = () => syncUnsubscribesFromOmnisendJob(container)
    const listCalls = () => emulator().state.requests().filter((request) => request.method === "GET" && request.path === "/v3/contacts")
    const writeCalls = () => emulator().state.requests().filter((request) => request.method !== "GET")
    const emailChannelOf = (email: string) =>
      emulator().state.contactByEmail(email)!.identifiers.find((identifier) => identifier.type === "email")!.channels.email
    /** An unsubscribe made in Omnisend (a link in a campaign, an edit in Omnisend's app). */
    const unsubscribeInOmnisend = (email: string, statusDate = UNSUBSCRIBED_AT) =>
      emulator().state.seedContact({ identifiers: [{ type: "email", id: email, channels: { email: { status: "unsubscribed", statusDate } } }] })

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
      publishableKey = await createPublishableKey(container)
    })

    it("is scheduled from the unsubscribeSyncSchedule option, one run at a time", () => {
      expect(unsubscribeJobConfig).toEqual(
        expect.objectContaining({ name: "sync-unsubscribes-from-omnisend", schedule: { cron: JOB_CRON, concurrency: "forbid" } })
      )
    })

    it("writes an unsubscribe made in Omnisend into the consent of every customer with the email, and no later sync undoes it", async () => {
      const { customer, headers } = await afterSync("customer.created", () =>
        registerStorefrontCustomer(api, publishableKey, {
          email: "jane@example.com",
          first_name: "Jane",
          metadata: { email_marketing_consent: true, email_marketing_consent_at: SUBSCRIBED_AT, favourite: "tea" },
        })
      )
      // A guest who checked out with the same email, typed differently: checkout emits no event.
      const [guest] = await customers().createCustomers([{ email: " Jane@Example.com", first_name: "Jane" }])
      const contact = unsubscribeInOmnisend("jane@example.com")
      emulator().state.clearRequests()

      await afterSync("customer.updated", runJob, 2)

      expect(listCalls().map((call) => call.query)).toEqual([{ status: "unsubscribed", limit: "250" }])
      expect(await metadataOf(customer.id)).toEqual({
        email_marketing_consent: false,
        email_marketing_consent_at: UNSUBSCRIBED_AT,
        favourite: "tea",
      })
      expect(await metadataOf(guest.id)).toEqual({ email_marketing_consent: false, email_marketing_consent_at: UNSUBSCRIBED_AT })

      const { data } = await api.get(`/admin/omnisend/customers/${customer.id}`, admin)
      expect(data.entry).toEqual(expect.objectContaining({ state: "synced", contact_id: contact.contactID, email_status: "unsubscribed" }))
      const remembered = {
        evidence: false,
        evidenceAt: UNSUBSCRIBED_AT,
        sentStatus: "unsubscribed",
        sentStatusDate: UNSUBSCRIBED_AT,
        sentIdentifier: "jane@example.com",
      }
      expect((await ledgerOf(customer.id)).consent).toEqual(expect.objectContaining({ email: remembered }))
      // The guest was never synced: its ledger entry starts with the contact id Omnisend listed.
      expect(await ledgerOf(guest.id)).toEqual(
        expect.objectContaining({ contact_id: contact.contactID, consent: expect.objectContaining({ email: remembered }) })
      )

      // The syncs the updates started sent nothing: the registered customer's profile is unchanged
      // and its email status already sent; the guest shares the registered customer's contact.
      expect(writeCalls()).toEqual([])
      expect(emailChannelOf("jane@example.com")).toEqual({ status: "unsubscribed", statusDate: UNSUBSCRIBED_AT })

      emulator().state.clearRequests()
      await afterSync("customer.updated", () => api.post("/store/customers/me", { last_name: "Doe" }, { headers }))

      expect(writeCalls().map((call) => [`${call.method} ${call.path}`, call.body])).toEqual([
        [`PATCH /v3/contacts/${contact.contactID}`, { lastName: "Doe" }],
      ])
      expect(emailChannelOf("jane@example.com")).toEqual({ status: "unsubscribed", statusDate: UNSUBSCRIBED_AT })
    })

    it("keeps an opt-in given in the store after the Omnisend unsubscribe, and the store's opt-in then wins in Omnisend", async () => {
      unsubscribeInOmnisend("ada@example.com")
      const [ada] = await customers().createCustomers([
        { email: "ada@example.com", first_name: "Ada", metadata: { email_marketing_consent: true, email_marketing_consent_at: OPTED_IN_AGAIN_AT } },
      ])

      await runJob()

      expect(await metadataOf(ada.id)).toEqual({ email_marketing_consent: true, email_marketing_consent_at: OPTED_IN_AGAIN_AT })
      expect(await ledgerOf(ada.id)).toBeUndefined()
      expect(writeCalls()).toEqual([])

      expectResubscription("ada@example.com")
      await afterSync("customer.updated", () => api.post(`/admin/customers/${ada.id}`, { last_name: "Lovelace" }, admin))
      expect(emailChannelOf("ada@example.com")).toEqual({ status: "subscribed", statusDate: OPTED_IN_AGAIN_AT })
    })

    it("waits while a sync of the same customer holds the customer's lock", async () => {
      unsubscribeInOmnisend("lin@example.com")
      const [lin] = await customers().createCustomers([{ email: "lin@example.com" }])
      // Held as a sync in another process would: the lease in PostgreSQL.
      const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
      expect(await leases.tryAcquire(customerSyncLockKey(lin.id), "sync-in-progress", 30)).toBe(true)

      const run = afterSync("customer.updated", runJob)
      while (listCalls().length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(await metadataOf(lin.id)).toBeNull()

      await leases.release(customerSyncLockKey(lin.id), "sync-in-progress")
      await run
      expect(await metadataOf(lin.id)).toEqual({ email_marketing_consent: false, email_marketing_consent_at: UNSUBSCRIBED_AT })
    })

    it("reads at most unsubscribeSyncMaxPages pages a run, goes on from there next run, and starts over after the last page", async () => {
      // 520 unsubscribed contacts: pages of 250, so the third page holds the last 20.
      for (let i = 0; i < 520; i++) {
        unsubscribeInOmnisend(`u${i}@example.com`)
      }
      const [onPage1, onPage2, onPage3] = await customers().createCustomers([
        { email: "u5@example.com" },
        { email: "u300@example.com" },
        { email: "u510@example.com" },
      ])
      const unsubscribedInStore = async () =>
        (await customers().listCustomers({ id: [onPage1.id, onPage2.id, onPage3.id] }))
          .filter((customer) => customer.metadata?.email_marketing_consent === false)
          .map((customer) => customer.id)
          .sort()

      await afterSync("customer.updated", runJob, 2)
      expect(listCalls()).toHaveLength(2)
      expect(listCalls()[0].query).not.toHaveProperty("after")
      expect(await unsubscribedInStore()).toEqual([onPage1.id, onPage2.id].sort())
      // Never synced before: their first syncs PATCH the contacts Omnisend listed, without a status.
      expect(writeCalls().map((call) => call.method)).toEqual(["PATCH", "PATCH"])
      expect(writeCalls().filter((call) => "identifiers" in (call.body as object))).toEqual([])
      const afterFirstRun = await omnisend().retrieveUnsubscribeSyncPosition()
      expect(afterFirstRun.cursor).toEqual(expect.stringContaining("after="))

      emulator().state.clearRequests()
      await afterSync("customer.updated", runJob, 1)
      expect(listCalls()).toHaveLength(1)
      expect(listCalls()[0].query.after).toBe(new URLSearchParams(afterFirstRun.cursor!).get("after"))
      expect(await unsubscribedInStore()).toEqual([onPage1.id, onPage2.id, onPage3.id].sort())
      expect(await omnisend().retrieveUnsubscribeSyncPosition()).toEqual({ cursor: null, failed_runs_at_cursor: 0 })

      emulator().state.clearRequests()
      await runJob()
      expect(listCalls()).toHaveLength(2)
      expect(listCalls()[0].query).not.toHaveProperty("after")
      expect(writeCalls()).toEqual([])
    })

    it("reads in one process at a time: a run while another process reads does nothing, and a run gives the turn back", async () => {
      unsubscribeInOmnisend("turn@example.com")
      const [customer] = await customers().createCustomers([{ email: "turn@example.com" }])
      const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
      // Another worker's run (with the in-memory workflow engine every worker runs the job).
      expect(await leases.tryAcquire(UNSUBSCRIBE_SYNC_LEASE_KEY, "another-worker", 60)).toBe(true)
      await runJob()
      expect(listCalls()).toEqual([])
      expect(await metadataOf(customer.id)).toBeNull()

      expect(await leases.release(UNSUBSCRIBE_SYNC_LEASE_KEY, "another-worker")).toBe(true)
      await afterSync("customer.updated", runJob)
      expect(listCalls()).toHaveLength(1)
      expect((await metadataOf(customer.id))?.email_marketing_consent).toBe(false)
      // Given back at the end: the next run (this process or another) reads again.
      expect(await leases.tryAcquire(UNSUBSCRIBE_SYNC_LEASE_KEY, "another-worker", 60)).toBe(true)
      await leases.release(UNSUBSCRIBE_SYNC_LEASE_KEY, "another-worker")
    })

    it("never throws: an outage leaves the position for the next run, a rejected key pauses the sync", async () => {
      unsubscribeInOmnisend("grace@example.com")
      const [grace] = await customers().createCustomers([{ email: "grace@example.com" }])
      const outage = { status: 503, body: { error: "Service unavailable" } }
      emulator().failNext(outage, outage, outage, outage)

      await expect(runJob()).resolves.toBeUndefined()
      expect(listCalls().map((call) => call.status)).toEqual([503, 503, 503, 503])
      expect(await metadataOf(grace.id)).toBeNull()
      expect(await omnisend().retrieveUnsubscribeSyncPosition()).toEqual({ cursor: null, failed_runs_at_cursor: 0 })

      await afterSync("customer.updated", runJob)
      expect(await metadataOf(grace.id)).toEqual({ email_marketing_consent: false, email_marketing_consent_at: UNSUBSCRIBED_AT })

      emulator().state.clearRequests()
      emulator().failNext({ status: 401, body: { error: "Unauthorized: invalid API key" } })
      await expect(runJob()).resolves.toBeUndefined()
      expect((await omnisend().resolveSettings()).paused).toEqual(
        expect.objectContaining({ reason: expect.stringContaining("Omnisend rejected the API key") })
      )
      await runJob()
      expect(listCalls()).toHaveLength(1)
    })
  },
})
