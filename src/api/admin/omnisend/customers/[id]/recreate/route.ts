import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recreateOmnisendContactWorkflow } from "../../../../../../workflows/recreate-omnisend-contact"
import { runCustomerSyncNow } from "../../run-customer-sync-now"

/** Creates again the customer's contact deleted in Omnisend, as the merchant asked. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await runCustomerSyncNow(req, res, recreateOmnisendContactWorkflow)
}
