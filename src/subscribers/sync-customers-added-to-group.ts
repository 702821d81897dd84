import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { runSafely } from "../lib/run-safely"
import { requestCustomerSync } from "../workflows/steps/request-customer-sync"

/**
 * The customer group workflows emit no event of their own; the customer module emits one per
 * customer-group link it creates, carrying the link's id. So whoever adds the customer (an admin
 * route, a workflow, a direct module call), the contact gets the group's tag. A link removed before
 * this runs is not found: the removal asks for its own sync.
 */
export default async function syncCustomersAddedToGroupHandler({
  event,
  container,
}: SubscriberArgs<{ id: string | string[] }>) {
  await runSafely(container, `sync of customers added to a group (link ${event.data.id})`, async () => {
    const links = await container
      .resolve(Modules.CUSTOMER)
      .listCustomerGroupCustomers({ id: event.data.id }, { select: ["customer_id"] })
    await requestCustomerSync(container, links.map((link) => link.customer_id))
  })
}

export const config: SubscriberConfig = {
  event: "customer.customer-group-customer.created",
  context: { subscriberId: "omnisend-sync-customers-added-to-group" },
}
