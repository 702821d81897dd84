import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import type { UnsubscribeLedgerChanges } from "../unsubscribes/plan-customer-unsubscribe"

export interface RecordOmnisendUnsubscribeInput {
  customer_id: string
  ledger: UnsubscribeLedgerChanges
}

/** The columns the step changes, as they were, to put back; or the entry it created, to remove. */
type LedgerRestore = { created_id: string } | { previous: Record<string, unknown> & { id: string } }

/**
 * Writes into the customer's ledger entry (creating it for a customer never synced) that Omnisend
 * holds the unsubscribe, before the customer is updated: the sync the update starts must find it
 * there. Undone if the update fails, so the ledger never claims what the store does not hold.
 */
export const recordOmnisendUnsubscribeInLedgerStep = createStep(
  "record-omnisend-unsubscribe-in-ledger",
  async ({ customer_id, ledger }: RecordOmnisendUnsubscribeInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const columns = Object.keys(ledger) as Array<keyof UnsubscribeLedgerChanges>
    const [entry] = await omnisend.listSyncLedgerEntries({ customer_id }, { select: ["id", ...columns] })
    // The generated types see JSON columns as records; the ledger stores these shapes as JSON.
    const changes = ledger as unknown as Record<string, unknown>
    if (!entry) {
      const created = await omnisend.createSyncLedgerEntries({ customer_id, ...changes })
      return new StepResponse(undefined, { created_id: created.id } as LedgerRestore)
    }
    const previous = { id: entry.id, ...Object.fromEntries(columns.map((column) => [column, entry[column]])) }
    await omnisend.updateSyncLedgerEntries({ id: entry.id, ...changes })
    return new StepResponse(undefined, { previous } as LedgerRestore)
  },
  async (restore, { container }) => {
    if (!restore) {
      return
    }
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    if ("created_id" in restore) {
      await omnisend.deleteSyncLedgerEntries(restore.created_id)
    } else {
      await omnisend.updateSyncLedgerEntries(restore.previous)
    }
  }
)
