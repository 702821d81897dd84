import type { InferTypeOf } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { InternalFailureError } from "../../lib/describe-internal-error"
import { hashSnapshot } from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendErrorCode } from "../../modules/omnisend/client/errors"
import type SyncLedgerEntry from "../../modules/omnisend/models/sync-ledger-entry"
import type { ContactSyncOutcome } from "./send-contact-to-omnisend"

export interface RecordSyncOutcomeInput {
  customer_id: string
  /** The customer's updated_at as read for this sync. */
  customer_updated_at: string | Date | null
  outcome: ContactSyncOutcome
}

type PreviousContact = { contact_id: string; email: string | null; replaced_at: string }

type LedgerWriter = Pick<OmnisendModuleService, "listSyncLedgerEntries" | "updateSyncLedgerEntries" | "createSyncLedgerEntries">
type LedgerEntry = InferTypeOf<typeof SyncLedgerEntry>

/**
 * Writes one sync's outcome into the customer's ledger entry (creating it on first sight). The
 * ledger is the plugin's memory: what Omnisend has, what to diff against, what failed and why.
 */
export const recordSyncOutcomeStep = createStep(
  "record-sync-outcome",
  async (input: RecordSyncOutcomeInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    return new StepResponse(await recordSyncOutcome(omnisend, input))
  }
)

/** The ledger entry as written; null when the outcome leaves it as it is. */
export async function recordSyncOutcome(omnisend: LedgerWriter, input: RecordSyncOutcomeInput): Promise<LedgerEntry | null> {
  const { outcome } = input
  if (outcome.state === "disabled" || outcome.state === "customer_missing" || outcome.state === "held") {
    return null
  }
  try {
    return await writeSyncOutcome(omnisend, input, outcome)
  } catch (error) {
    // The workflow engine and the log see the failure: without the statement and its values.
    throw new InternalFailureError(error, `recording the sync outcome of customer ${input.customer_id}`)
  }
}

async function writeSyncOutcome(
  omnisend: LedgerWriter,
  input: RecordSyncOutcomeInput,
  outcome: Exclude<ContactSyncOutcome, { state: "disabled" | "customer_missing" | "held" }>
): Promise<LedgerEntry> {
  const [existing] = await omnisend.listSyncLedgerEntries({ customer_id: input.customer_id })
  const now = new Date()
  const customerUpdatedAt = input.customer_updated_at ? new Date(input.customer_updated_at) : null

  let changes: Record<string, unknown>
  switch (outcome.state) {
    case "skipped":
      changes = {
        state: "skipped",
        last_error: outcome.reason,
        last_error_code: "OMNISEND_CUSTOMER_SKIPPED",
        customer_updated_at: customerUpdatedAt,
      }
      break
    case "failed":
      changes = {
        // `failed` is for data Omnisend refused for good; what will be tried again stays pending.
        state: outcome.error.retryable || outcome.error.code === OmnisendErrorCode.AUTH_FAILED ? "pending" : "failed",
        attempts: (existing?.attempts ?? 0) + 1,
        last_attempt_at: now,
        last_error: outcome.error.message,
        last_error_code: outcome.error.code,
        warnings: outcome.warnings,
      }
      break
    case "synced": {
      changes = {
        state: "synced",
        contact_id: outcome.contact_id,
        email: outcome.email,
        consent: outcome.consent,
        address_id: outcome.address_id,
        attempts: 0,
        last_error: null,
        last_error_code: null,
        customer_updated_at: customerUpdatedAt,
      }
      if (outcome.sent !== "none") {
        Object.assign(changes, {
          last_sent: outcome.snapshot,
          last_sent_hash: hashSnapshot(outcome.snapshot),
          last_synced_at: now,
          last_attempt_at: now,
          warnings: outcome.warnings,
        })
      }
      if (outcome.replaces) {
        const history = (existing?.previous_contacts as PreviousContact[] | null) ?? []
        changes.previous_contacts = [...history, { ...outcome.replaces, replaced_at: now.toISOString() }]
      }
      break
    }
  }

  return existing
    ? await omnisend.updateSyncLedgerEntries({ id: existing.id, ...changes })
    : await omnisend.createSyncLedgerEntries({ customer_id: input.customer_id, ...changes })
}
