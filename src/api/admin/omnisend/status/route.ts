import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNISEND_MODULE } from "../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../modules/omnisend"
import { describeInactiveSync } from "../../../../modules/omnisend/settings/describe-inactive-sync"
import { backfillRunView } from "../../../../workflows/backfill/backfill-run-view"
import { findLatestBackfillRun } from "../../../../workflows/backfill/backfill-runs"
import { ledgerFailureResponse } from "../presenters/ledger-entry-response"
import type { AdminGetOmnisendStatusType } from "./validators"

const LEDGER_STATES = ["synced", "pending", "failed", "skipped"] as const

/** What synced, what failed or is being retried, the latest backfill, and whether sync runs at all. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminGetOmnisendStatusType>, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  const { failures_limit } = req.validatedQuery

  const [resolved, counts, failures, latestRun] = await Promise.all([
    omnisend.resolveSettings(),
    Promise.all(
      LEDGER_STATES.map(async (state) => {
        const [, count] = await omnisend.listAndCountSyncLedgerEntries({ state }, { select: ["id"], take: 1 })
        return [state, count] as const
      })
    ),
    omnisend.listSyncLedgerEntries(
      { state: ["failed", "pending"], last_error_code: { $ne: null } },
      { order: { last_attempt_at: "DESC" }, take: failures_limit }
    ),
    findLatestBackfillRun(omnisend),
  ])

  // A customer whose first sync failed has no email in the ledger yet: the customer has one.
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = failures.length
    ? await query.graph({
        entity: "customer",
        fields: ["id", "email"],
        filters: { id: failures.map((entry) => entry.customer_id) },
        withDeleted: true,
      })
    : { data: [] }
  const emails = new Map(customers.map((customer) => [customer.id as string, (customer.email as string | null) ?? null]))

  const inactiveReason = describeInactiveSync(resolved)
  res.json({
    sync: {
      active: inactiveReason === null,
      inactive_reason: inactiveReason,
      paused: resolved.paused ? { reason: resolved.paused.reason, paused_at: resolved.paused.at } : null,
    },
    counts: Object.fromEntries(counts),
    failures: failures.map((entry) => ledgerFailureResponse(entry, emails.get(entry.customer_id) ?? null)),
    backfill: latestRun ? backfillRunView(latestRun) : null,
  })
}
