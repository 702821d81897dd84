import type { MedusaContainer } from "@medusajs/framework/types"
import { runWorkflowSafely } from "../../lib/run-workflow-safely"
import { backfillOmnisendContactsWorkflow, type BackfillOmnisendContactsInput } from "../backfill-omnisend-contacts"

// The run this process works on, if any.
let working: Promise<void> | null = null

/**
 * Starts (or resumes) the backfill in this process without waiting for it. The subscriber or job
 * that asked returns at once, so a long run never holds the event bus or the job queue (on the
 * Redis event bus a worker takes one job at a time) and never keeps a deploy's SIGTERM waiting.
 * One run per process here; the PostgreSQL lease the workflow claims keeps it one per store.
 * Answers whether a run was started in this process.
 */
export function startBackfillInBackground(
  container: MedusaContainer,
  input: BackfillOmnisendContactsInput,
  description: string
): boolean {
  if (working) {
    return false
  }
  working = runWorkflowSafely(container, backfillOmnisendContactsWorkflow, input, description).finally(() => {
    working = null
  })
  return true
}
