import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { deferSyncRequest, resolveSyncRequest } from "../sync-requests/sync-request-sql"
import { settleSyncRequest, type SyncRequestSettlement } from "../sync-requests/sync-request-settlement"
import type { ContactSyncOutcome } from "./send-contact-to-omnisend"

export interface SettleSyncRequestInput {
  customer_id: string
  /** When this run recorded its request: a newer request stays for its own run. */
  requested_at: string
  outcome: ContactSyncOutcome
  /** Failed attempts so far, as the ledger now counts them. */
  attempts: number
}

/** Marks the change done, or schedules its next attempt (capped backoff), or holds it. */
export const settleSyncRequestStep = createStep(
  "settle-sync-request",
  async (input: SettleSyncRequestInput, { container }) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const settlement: SyncRequestSettlement = settleSyncRequest(input.outcome, input.attempts)
    if (settlement.kind === "resolve") {
      await resolveSyncRequest(knex, input.customer_id, new Date(input.requested_at))
    } else {
      // Held changes are due at once: the retry job leaves them alone while sync is off or paused.
      const delayMs = settlement.kind === "retry" ? settlement.delayMs : 0
      await deferSyncRequest(knex, input.customer_id, new Date(Date.now() + delayMs))
    }
    return new StepResponse(settlement)
  }
)
