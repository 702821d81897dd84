import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { syncCustomerToOmnisendWorkflow } from "../../../../../../workflows/sync-customer-to-omnisend"
import { runCustomerSyncNow } from "../../run-customer-sync-now"

/** Syncs one customer now (e.g. to retry a failure) and answers the outcome and the fresh ledger entry. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await runCustomerSyncNow(req, res, syncCustomerToOmnisendWorkflow)
}
