import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { claimDueSyncRequests, requestSyncOfUnrecordedChanges } from "../sync-requests/sync-request-sql"

/** Requests one run of the retry job takes on; the rest wait for the next minute. */
export const RETRY_CLAIM_LIMIT = 200
/** A claimed request no process finished is claimed again after this long. */
export const RETRY_CLAIM_LEASE_SECONDS = 120
/** How far back the job looks for changes whose event was lost. */
export const UNRECORDED_CHANGES_WINDOW_MS = 24 * 60 * 60 * 1000

export interface ClaimedSyncRequests {
  customer_ids: string[]
  deleted_customer_ids: string[]
  /** Changes found without a recorded request (their event was lost). */
  unrecorded: number
}

/**
 * While sync is on, takes this process's share of the changes that are due: first writes down the
 * recent changes whose event never arrived, then claims due requests with row claims.
 */
export const claimDueSyncRequestsStep = createStep("claim-due-sync-requests", async (_: void, { container }) => {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  const none: ClaimedSyncRequests = { customer_ids: [], deleted_customer_ids: [], unrecorded: 0 }
  if (!(await omnisend.getSyncSettings()).enabled) {
    return new StepResponse(none)
  }
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const now = new Date()
  const unrecorded = await requestSyncOfUnrecordedChanges(knex, new Date(now.getTime() - UNRECORDED_CHANGES_WINDOW_MS), now)
  const claimed = await claimDueSyncRequests(knex, RETRY_CLAIM_LIMIT, RETRY_CLAIM_LEASE_SECONDS)
  return new StepResponse<ClaimedSyncRequests>({
    customer_ids: claimed.filter((request) => !request.customer_deleted_at).map((request) => request.customer_id),
    deleted_customer_ids: claimed.filter((request) => request.customer_deleted_at).map((request) => request.customer_id),
    unrecorded,
  })
})
