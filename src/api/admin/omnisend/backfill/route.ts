import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNISEND_MODULE } from "../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../modules/omnisend"
import { backfillRunView } from "../../../../workflows/backfill/backfill-run-view"
import { findLatestBackfillRun } from "../../../../workflows/backfill/backfill-runs"
import { startOmnisendBackfillWorkflow } from "../../../../workflows/start-omnisend-backfill"
import type { AdminStartOmnisendBackfillType } from "./validators"

/**
 * Starts a full backfill (or a dry run) and answers 202 with the run at once; the run goes on in
 * the background. While one is in progress, answers 409 with that run instead.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartOmnisendBackfillType>, res: MedusaResponse) {
  const { result } = await startOmnisendBackfillWorkflow(req.scope).run({
    input: { dry_run: req.validatedBody.dry_run ?? false },
  })
  const run = backfillRunView(result.run)
  if (result.started) {
    res.status(202).json({ run })
  } else {
    res.status(409).json({
      type: "conflict",
      message: "An Omnisend backfill is already running; follow its progress with GET /admin/omnisend/backfill.",
      run,
    })
  }
}

/** The backfill in progress, else the latest one: where it stands and how it went. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  const run = await findLatestBackfillRun(omnisend)
  res.json({ run: run ? backfillRunView(run) : null })
}
