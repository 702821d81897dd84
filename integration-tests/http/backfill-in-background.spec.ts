import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import resumeInterruptedOmnisendBackfillJob from "../../src/jobs/resume-interrupted-omnisend-backfill"
import { PostgresLeases } from "../../src/lib/postgres-leases"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { backfillOmnisendContactsWorkflow } from "../../src/workflows/backfill-omnisend-contacts"
import { BACKFILL_LOCK_KEY } from "../../src/workflows/backfill/backfill-lock"
import { OMNISEND_BACKFILL_REQUESTED } from "../../src/workflows/omnisend-events"
import type { RecordedRequest } from "../../tools/omnisend-emulator"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(180_000)

// This store runs the recovery jobs, as a production store does (setup.js turns them off elsewhere).
process.env.OMNISEND_RECOVERY_JOBS_ENABLED = "true"

const emulator = useOmnisendEmulator({ batch: { tickMs: 5 } })

/**
 * The backfill runs outside the event bus: the event (or job) that asks for it returns at once, and
 * a run nobody works on any more is resumed by a worker with no admin action.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const batchPosts = () => emulator().state.requests().filter((r: RecordedRequest) => r.method === "POST" && r.path === "/v3/batches")
    const sentIds = () =>
      batchPosts().flatMap((request) =>
        (request.body as { items: Array<{ customProperties: { medusa_customer_id: string } }> }).items.map(
          (item) => item.customProperties.medusa_customer_id
        )
      )

    async function seedCustomers(count: number): Promise<string[]> {
      const customers = Array.from({ length: count }, (_, index) => ({ email: `bg${index}@example.com`, first_name: `Bg ${index}` }))
      const created: string[] = []
      for (let start = 0; start < count; start += 500) {
        created.push(...(await container.resolve(Modules.CUSTOMER).createCustomers(customers.slice(start, start + 500))).map((c) => c.id))
      }
      return created
    }

    async function waitForRunToEnd(): Promise<any> {
      const deadline = Date.now() + 120_000
      for (;;) {
        const [run] = await omnisend().listBackfillRuns({}, { order: { created_at: "DESC" }, take: 1 })
        if (run && run.status !== "running") {
          return run
        }
        if (Date.now() > deadline) {
          throw new Error(`the backfill did not end in time: ${run?.status}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      emulator().configure({ faults: {} })
      admin = await createAdminHeaders(container)
    })

    it("the event that hands a run to the worker ends while the run goes on in the background", async () => {
      const ids = await seedCustomers(2_500)
      emulator().configure({ faults: { latencyMs: 300 } })
      const handed = TestEventUtils.waitSubscribersExecution(OMNISEND_BACKFILL_REQUESTED, container.resolve(Modules.EVENT_BUS), {
        timeout: 60_000,
      })

      const started = await api.post("/admin/omnisend/backfill", {}, admin)
      expect(started.status).toBe(202)
      await handed

      // The subscriber is done; the run is not: it no longer holds the event bus.
      const [during] = await omnisend().listBackfillRuns({ id: started.data.run.id })
      expect(during.status).toBe("running")
      const run = await waitForRunToEnd()
      expect(run).toEqual(expect.objectContaining({ status: "completed", succeeded: 2_500 }))
      expect(new Set(sentIds())).toEqual(new Set(ids))
    })

    it("a run no process works on any more is resumed by the recovery job, resending at most the batch in flight", async () => {
      const ids = await seedCustomers(2_500)
      // A process that dies right after its first batch was sent: the run stays running, unfinished.
      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { stop_after_batches: 1 } })
      expect(result.outcome).toEqual(expect.objectContaining({ status: "interrupted" }))
      const postsBefore = batchPosts().length

      // While another process holds the run's lease, the job leaves the run to it.
      const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
      expect(await leases.tryAcquire(BACKFILL_LOCK_KEY, "another-worker", 60)).toBe(true)
      await resumeInterruptedOmnisendBackfillJob(container)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(batchPosts()).toHaveLength(postsBefore)
      expect((await omnisend().listBackfillRuns({ id: result.run_id! }))[0].status).toBe("running")

      await leases.release(BACKFILL_LOCK_KEY, "another-worker")
      await resumeInterruptedOmnisendBackfillJob(container)
      const run = await waitForRunToEnd()

      expect(run).toEqual(expect.objectContaining({ id: result.run_id, status: "completed", succeeded: 2_500 }))
      const sent = sentIds()
      expect(new Set(sent)).toEqual(new Set(ids))
      // 2,500 customers are 3 batches; a resume may send again only what was in flight (one batch).
      expect(sent.length).toBeLessThanOrEqual(2_500 + 1_000)
    })
  },
})
