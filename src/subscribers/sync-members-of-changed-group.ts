import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runSafely } from "../lib/run-safely"
import { requestCustomerSync } from "../workflows/steps/request-customer-sync"

type Member = { id: string; deleted_at: Date | string | null }

/**
 * A group's name is a tag on each member's contact: renaming or deleting the group must reach them
 * all. The customer module emits these events for the group itself (the workflows emit none).
 * Deleting a group soft-deletes it and keeps its links, so its members are still readable with
 * withDeleted; soft-deleted customers among them are left out.
 */
export default async function syncMembersOfChangedGroupHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runSafely(container, `sync of the members of customer group ${event.data.id} (${event.name})`, async () => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: groups } = await query.graph({
      entity: "customer_group",
      fields: ["customers.id", "customers.deleted_at"],
      filters: { id: event.data.id },
      withDeleted: true,
    })
    const members = groups.flatMap((group) => (group.customers ?? []) as Array<Member | null>)
    const memberIds = members.flatMap((customer) => (customer && !customer.deleted_at ? [customer.id] : []))
    await requestCustomerSync(container, memberIds)
  })
}

export const config: SubscriberConfig = {
  event: ["customer.customer-group.updated", "customer.customer-group.deleted"],
  context: { subscriberId: "omnisend-sync-members-of-changed-group" },
}
