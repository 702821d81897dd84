import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_BACKFILL_REQUESTED } from "./omnisend-events"
import { requestBackfillRunStep } from "./steps/request-backfill-run"

export const START_OMNISEND_BACKFILL_WORKFLOW = "start-omnisend-backfill"

/**
 * Starts a full backfill without waiting for it: the run is created here, and an event hands it to
 * a worker (the store's worker process in a server/worker deployment). Answers the run, and whether
 * it was started or was already in progress.
 */
export const startOmnisendBackfillWorkflow = createWorkflow(
  START_OMNISEND_BACKFILL_WORKFLOW,
  (input: { dry_run: boolean }) => {
    const request = requestBackfillRunStep(input)
    when("backfill-run-started", { request }, ({ request }) => request.started).then(() => {
      emitEventStep({
        eventName: OMNISEND_BACKFILL_REQUESTED,
        data: transform({ request }, ({ request }) => ({ id: request.run.id })),
      })
    })
    return new WorkflowResponse(request)
  }
)
