import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"

type Forgotten = {
  id: string
  contact_id: string | null
  last_sent: Record<string, unknown> | null
  last_sent_hash: string | null
  last_error: string | null
  last_error_code: string | null
  state: "pending" | "synced" | "failed" | "skipped"
}

/**
 * The merchant's Re-create: the ledger forgets the contact Omnisend no longer has (its id and what
 * it last held), so the sync that follows creates it from the whole customer. The consent memory is
 * kept: statuses keep their dates, and no welcome message is asked for.
 */
export const forgetContactDeletedInOmnisendStep = createStep(
  "forget-contact-deleted-in-omnisend",
  async (input: { customer_id: string }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const [entry] = await omnisend.listSyncLedgerEntries({ customer_id: input.customer_id })
    if (!entry) {
      return new StepResponse(null, null)
    }
    const before: Forgotten = {
      id: entry.id,
      contact_id: entry.contact_id,
      last_sent: entry.last_sent as Record<string, unknown> | null,
      last_sent_hash: entry.last_sent_hash,
      last_error: entry.last_error,
      last_error_code: entry.last_error_code,
      state: entry.state,
    }
    await omnisend.updateSyncLedgerEntries({
      id: entry.id,
      contact_id: null,
      last_sent: null,
      last_sent_hash: null,
      last_error: null,
      last_error_code: null,
      state: "pending",
    })
    return new StepResponse(entry.id, before)
  },
  async (before, { container }) => {
    if (before) {
      await container.resolve<OmnisendModuleService>(OMNISEND_MODULE).updateSyncLedgerEntries(before)
    }
  }
)
