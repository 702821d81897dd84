import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { OMNISEND_MODULE } from "../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../modules/omnisend"
import { describeInactiveSync } from "../../../../modules/omnisend/settings/describe-inactive-sync"
import type { ContactSyncOutcome } from "../../../../workflows/steps/send-contact-to-omnisend"
import { ledgerEntryResponse } from "../presenters/ledger-entry-response"

/** The outcome without the contact's data (the snapshot holds the full email and phone). */
function outcomeResponse(outcome: ContactSyncOutcome) {
  switch (outcome.state) {
    case "synced":
      return { state: outcome.state, sent: outcome.sent }
    case "skipped":
    case "held":
      return { state: outcome.state, reason: outcome.reason }
    case "failed":
      return { state: outcome.state, error: { code: outcome.error.code, message: outcome.error.message } }
    default:
      return { state: outcome.state }
  }
}

type CustomerSyncWorkflow = (container: MedusaContainer) => {
  run(args: { input: { customer_id: string } }): Promise<{ result: ContactSyncOutcome }>
}

/**
 * Runs a sync of one customer now (a retry, or a re-create) and answers the outcome with the fresh
 * ledger entry; 404 for an unknown customer, 400 while sync is off or paused.
 */
export async function runCustomerSyncNow(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  workflow: CustomerSyncWorkflow
): Promise<void> {
  const customerId = req.params.id
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)

  const { data: customers } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: customerId } })
  if (customers.length === 0) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${customerId} was not found`)
  }
  const inactiveReason = describeInactiveSync(await omnisend.resolveSettings())
  if (inactiveReason) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, inactiveReason)
  }

  const { result } = await workflow(req.scope).run({ input: { customer_id: customerId } })
  const [entry] = await omnisend.listSyncLedgerEntries({ customer_id: customerId })
  res.json({ outcome: outcomeResponse(result), entry: entry ? ledgerEntryResponse(entry) : null })
}
