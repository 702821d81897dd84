import { Modules } from "@medusajs/framework/utils"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { backfillOmnisendContactsWorkflow } from "../../src/workflows/backfill-omnisend-contacts"
import { syncCustomerToOmnisendWorkflow } from "../../src/workflows/sync-customer-to-omnisend"
import { bootMedusa } from "./boot-medusa"

/**
 * One measured phase of `npm run bench:backfill`, in a process of its own (started with fork):
 *   batches          the backfill workflow over every customer, as a merchant's full backfill
 *   per-customer N   the real-time sync workflow for the first N customers, one POST /contacts each
 * Reports wall time, Omnisend calls and bytes as the client counted them, RSS sampled every 50 ms
 * (baseline: after boot and a garbage collection, before the phase), and the heap still in use
 * after a garbage collection at the end compared with the start (what the phase kept).
 */

const SAMPLE_MS = 50

function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

async function main(): Promise<void> {
  const [phase, limitArgument] = process.argv.slice(2)
  const medusa = await bootMedusa({ directory: process.cwd() })
  const omnisend: OmnisendModuleService = medusa.container.resolve(OMNISEND_MODULE)
  // The backfill sends through the background client (it yields to live changes in the budget).
  const client = omnisend.getClient((await omnisend.getSyncSettings()).apiKey, "background")!

  collectGarbage()
  const baselineHeap = process.memoryUsage().heapUsed
  const baselineRss = process.memoryUsage().rss
  let peakRss = baselineRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, SAMPLE_MS)
  const callsBefore = client.requestCount
  const bytesBefore = client.bytesSent
  const startedAt = performance.now()

  let customers = 0
  let run: unknown = null
  if (phase === "batches") {
    const { result } = await backfillOmnisendContactsWorkflow(medusa.container).run({ input: { mode: "full" } })
    ;[run] = await omnisend.listBackfillRuns({ id: result.run_id! })
    customers = (run as { processed: number }).processed
  } else if (phase === "per-customer") {
    const ids = await medusa.container
      .resolve(Modules.CUSTOMER)
      .listCustomers({}, { select: ["id"], take: Number(limitArgument), order: { id: "ASC" } })
    for (const { id } of ids) {
      await syncCustomerToOmnisendWorkflow(medusa.container).run({ input: { customer_id: id } })
    }
    customers = ids.length
  } else {
    throw new Error(`unknown phase ${phase}: use "batches" or "per-customer N"`)
  }

  const wallMs = performance.now() - startedAt
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  collectGarbage()
  const retainedHeap = process.memoryUsage().heapUsed - baselineHeap
  process.send!({
    type: "result",
    result: {
      phase,
      customers,
      wallMs,
      calls: client.requestCount - callsBefore,
      bytesSent: client.bytesSent - bytesBefore,
      baselineRss,
      peakRss,
      retainedHeap,
      run,
    },
  })
  await medusa.shutdown()
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error)
  process.exit(1)
})
