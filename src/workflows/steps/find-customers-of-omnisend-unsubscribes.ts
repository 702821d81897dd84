import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { findCustomersByNormalizedEmail } from "../unsubscribes/customers-by-normalized-email"
import type { PagedOmnisendUnsubscribe } from "./read-omnisend-unsubscribes"

/** An unsubscribe with the customers it concerns, registered ones first. JSON-safe. */
export interface MatchedOmnisendUnsubscribe {
  unsubscribe: PagedOmnisendUnsubscribe
  customer_ids: string[]
}

/** Pairs each unsubscribe with the store's customers of the same normalised email; drops the rest. */
export const findCustomersOfOmnisendUnsubscribesStep = createStep(
  "find-customers-of-omnisend-unsubscribes",
  async (unsubscribes: PagedOmnisendUnsubscribe[], { container }) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const customers = await findCustomersByNormalizedEmail(knex, [...new Set(unsubscribes.map(({ email }) => email))])
    const idsByEmail = new Map<string, string[]>()
    for (const { id, email } of customers) {
      idsByEmail.set(email, [...(idsByEmail.get(email) ?? []), id])
    }
    const matched: MatchedOmnisendUnsubscribe[] = unsubscribes.flatMap((unsubscribe) => {
      const ids = idsByEmail.get(unsubscribe.email)
      return ids ? [{ unsubscribe, customer_ids: ids }] : []
    })
    return new StepResponse(matched)
  }
)
