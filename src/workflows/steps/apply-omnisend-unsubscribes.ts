import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { internalErrorReason } from "../../lib/describe-internal-error"
import { maskEmail } from "../../modules/omnisend/client"
import { applyOmnisendUnsubscribeWorkflow } from "../apply-omnisend-unsubscribe"
import type { MatchedOmnisendUnsubscribe } from "./find-customers-of-omnisend-unsubscribes"

export interface OmnisendUnsubscribesApplied {
  /** Customers whose consent metadata now holds Omnisend's unsubscribe. */
  updated: number
  /** Customers left as they were (already unsubscribed, a newer consent in the store, ...). */
  kept: number
  /** Customers that could not be updated: logged, and tried again next run. */
  failed: number
  /** The first page (of this run) holding a customer that could not be updated. */
  first_failed_page: number | null
}

/**
 * Applies each unsubscribe to each of its customers (registered ones first) in a workflow of its
 * own, as Medusa's product import runs a workflow per chunk: one customer's failure is logged and
 * undoes nobody else's update, and each customer's sync lock is held only briefly.
 */
export const applyOmnisendUnsubscribesStep = createStep(
  "apply-omnisend-unsubscribes",
  async (matched: MatchedOmnisendUnsubscribe[], { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const applied: OmnisendUnsubscribesApplied = { updated: 0, kept: 0, failed: 0, first_failed_page: null }
    for (const { unsubscribe: { page, ...unsubscribe }, customer_ids } of matched) {
      for (const customerId of customer_ids) {
        let errors: unknown[]
        try {
          const run = await applyOmnisendUnsubscribeWorkflow(container).run({
            input: { unsubscribe, customer_id: customerId },
            throwOnError: false,
          })
          errors = run.errors.map(({ error }) => error)
          if (errors.length === 0) {
            applied[run.result.action === "apply" ? "updated" : "kept"]++
          }
        } catch (error) {
          errors = [error]
        }
        if (errors.length > 0) {
          applied.failed++
          applied.first_failed_page = Math.min(applied.first_failed_page ?? page, page)
          logger.warn(
            `Omnisend: the unsubscribe of ${maskEmail(unsubscribe.email)} (contact ${unsubscribe.contact_id}) could not be ` +
              `recorded for customer ${customerId}; tried again next run. ${errors.map(internalErrorReason).join("; ")}`
          )
        }
      }
    }
    if (applied.updated > 0) {
      logger.info(`Omnisend: unsubscribes made in Omnisend recorded in the consent metadata of ${applied.updated} customer(s)`)
    }
    return new StepResponse(applied)
  }
)
