import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import type { RequestBudget } from "../../src/modules/omnisend/client"
import { retryPendingOmnisendSyncsWorkflow } from "../../src/workflows/retry-pending-omnisend-syncs"
import { createRequestBudget } from "../../src/modules/omnisend/rate-budget/create-request-budget"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(300_000)

// Read by medusa-config.ts: no scheduled job may spend the budget while the burst is measured.
process.env.OMNISEND_BACKFILL_SCHEDULE_ENABLED = "false"
process.env.OMNISEND_UNSUBSCRIBE_SYNC_ENABLED = "false"

const BURST = 150
const SHARES = { share: 0.8, liveReserve: 0.25 }

const emulator = useOmnisendEmulator()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
    })

    it(`${BURST} customers created in a burst under a 40-per-10 s limit all arrive, none failed, under 10 % answered 429`, async () => {
      emulator().configure({ rateLimit: { limit: 40, windowMs: 10_000 } })
      const synced = TestEventUtils.waitSubscribersExecution("customer.created", container.resolve(Modules.EVENT_BUS), {
        triggerCount: BURST,
        timeout: 240_000,
      })

      const startedAt = Date.now()
      await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          api.post("/admin/customers", { email: `burst${i}@example.com`, first_name: `Burst ${i}` }, admin)
        )
      )
      await synced
      // A live change waits at most 20 s for the budget; the rest are sent by the recovery job
      // (here run every 5 s, as it would every minute, respecting each change's backoff).
      const leftForRetry = (await omnisend().listSyncLedgerEntries({ state: "pending" }, { take: 10 * BURST })).length
      const deadline = Date.now() + 240_000
      while ((await omnisend().listSyncLedgerEntries({ state: "pending" }, { take: 1 })).length > 0 && Date.now() < deadline) {
        await retryPendingOmnisendSyncsWorkflow(container).run()
        await new Promise((resolve) => setTimeout(resolve, 5_000))
      }
      const seconds = (Date.now() - startedAt) / 1000

      const calls = emulator().state.requests()
      const refused = calls.filter((call) => call.status === 429).length
      console.log(
        `rate budget: ${BURST} customers in a burst under 40 per 10 s: ${calls.length} calls, ` +
          `${refused} answered 429 (${((100 * refused) / calls.length).toFixed(1)} %), ${seconds.toFixed(1)} s, ` +
          `${leftForRetry} sent by the recovery job`
      )

      expect(emulator().state.contacts()).toHaveLength(BURST)
      const ledger = await omnisend().listSyncLedgerEntries({}, { take: 10 * BURST })
      expect(ledger).toHaveLength(BURST)
      expect(ledger.filter((entry) => entry.state !== "synced")).toEqual([])
      expect(refused / calls.length).toBeLessThan(0.1)
    })

    describe("two processes on one database", () => {
      // Each "process" has its own connection pool and its own budget, as a server and a worker do.
      const pools: Array<{ destroy(): Promise<void> }> = []
      const budgetOfAnotherProcess = (): RequestBudget => {
        const { projectConfig } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
        const pool = createPgConnection({ clientUrl: projectConfig.databaseUrl!, pool: { min: 0, max: 2 } })
        pools.push(pool)
        return createRequestBudget({ apiKey: "two-process-account-key", shares: SHARES, pgConnection: pool })
      }

      afterEach(async () => {
        await Promise.all(pools.splice(0).map((pool) => pool.destroy()))
      })

      it("share one pace: together they take what one would alone", async () => {
        const processes = [budgetOfAnotherProcess(), budgetOfAnotherProcess()]
        const granted = [0, 0]
        const takes = processes.flatMap((budget, index) =>
          Array.from({ length: 20 }, () => budget.take("live").then(() => granted[index]++))
        )

        // Omnisend's documented 400 a minute at 80 %: 10 every 2 s, so 30 in 5.5 s, in all.
        await new Promise((resolve) => setTimeout(resolve, 5_500))
        console.log(`rate budget: two processes granted ${granted[0]} + ${granted[1]} requests in 5.5 s (one budget: 30)`)
        expect(granted[0] + granted[1]).toBe(30)
        expect(granted[0]).toBeGreaterThan(0)
        expect(granted[1]).toBeGreaterThan(0)
        // The last 10 go in the next slice, before the pools close.
        await Promise.all(takes)
      })

      it("one process's answer saying the window is nearly spent holds the other's requests until it resets", async () => {
        const [server, worker] = [budgetOfAnotherProcess(), budgetOfAnotherProcess()]
        server.observe({ limit: 400, remaining: 50, resetSeconds: 3 })
        // The hold is written without waiting: give it a moment to reach the database.
        await new Promise((resolve) => setTimeout(resolve, 200))

        const askedAt = Date.now()
        await worker.take("live")
        const waitedMs = Date.now() - askedAt
        expect(waitedMs).toBeGreaterThanOrEqual(2_500)
        expect(waitedMs).toBeLessThan(4_000)
      })
    })
  },
})
