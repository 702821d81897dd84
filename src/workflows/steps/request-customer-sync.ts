import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { SyncRequestPacer } from "../../lib/sync-request-pacer"
import { OMNISEND_CUSTOMER_SYNC_REQUESTED } from "../omnisend-events"

// A group of thousands renamed asks for thousands of syncs at once, and the local event bus runs
// every delivered event at the same moment. Omnisend allows 400 requests a minute: past a small
// burst, requests are delivered at 5 a second (a sync can make two calls, and other calls share it).
const pacer = new SyncRequestPacer({ perSecond: 5, burst: 25 })

/** Asks for a sync of each customer (once each) through the event bus, so it runs in the background. */
export async function requestCustomerSync(
  container: MedusaContainer,
  customerIds: Array<string | null | undefined>
): Promise<void> {
  const ids = [...new Set(customerIds.filter((id): id is string => Boolean(id)))]
  if (ids.length === 0) {
    return
  }
  const eventBus = container.resolve(Modules.EVENT_BUS)
  await Promise.all(
    pacer.schedule(ids).map(({ delayMs, items }) =>
      eventBus.emit(
        items.map((id) => ({ name: OMNISEND_CUSTOMER_SYNC_REQUESTED, data: { id } })),
        delayMs > 0 ? { delay: delayMs } : {}
      )
    )
  )
}
