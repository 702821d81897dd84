import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_CUSTOMER_SYNC_REQUESTED } from "../omnisend-events"

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
  await eventBus.emit(ids.map((id) => ({ name: OMNISEND_CUSTOMER_SYNC_REQUESTED, data: { id } })))
}
