import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNISEND_MODULE } from "../../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../../modules/omnisend"
import { ledgerEntryResponse } from "../../presenters/ledger-entry-response"

/** One customer's sync state; `entry` is null until the plugin has seen the customer. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  const [entry] = await omnisend.listSyncLedgerEntries({ customer_id: req.params.id })
  res.json({ customer_id: req.params.id, entry: entry ? ledgerEntryResponse(entry) : null })
}
