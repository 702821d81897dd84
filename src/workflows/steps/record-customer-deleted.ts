import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ContactSnapshot } from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendError } from "../../modules/omnisend/client"
import type { ContactIdentifier } from "../../modules/omnisend/client"

/**
 * Omnisend has no contact delete. By default the contact stays as it is; with
 * `customerDeletedAction: "unsubscribe"` both channels are unsubscribed, dated now. Either way the
 * ledger records the deletion.
 */
export const recordCustomerDeletedStep = createStep(
  "record-customer-deleted",
  async (input: { customer_id: string }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const settings = await omnisend.getSyncSettings()
    const [entry] = await omnisend.listSyncLedgerEntries({ customer_id: input.customer_id })
    const now = new Date()
    if (!entry) {
      const created = await omnisend.createSyncLedgerEntries({
        customer_id: input.customer_id,
        state: "skipped",
        last_error: "The customer was deleted in Medusa before it was synced",
        last_error_code: "OMNISEND_CUSTOMER_DELETED",
        customer_deleted_at: now,
      })
      return new StepResponse(created)
    }

    const changes: Record<string, unknown> = { customer_deleted_at: now }
    const snapshot = entry.last_sent as ContactSnapshot | null
    // A guest and a registered customer with one email share one contact: deleting one of them
    // must not unsubscribe the other, who may well have consented.
    const stillOwned =
      entry.contact_id !== null &&
      (await omnisend.listSyncLedgerEntries({ contact_id: entry.contact_id, customer_deleted_at: null }, { select: ["customer_id"] }))
        .some((other) => other.customer_id !== input.customer_id)
    if (settings.enabled && settings.customerDeletedAction === "unsubscribe" && entry.contact_id && snapshot && !stillOwned) {
      const statusDate = now.toISOString()
      const identifiers: ContactIdentifier[] = [
        { type: "email", id: snapshot.email.id, channels: { email: { status: "unsubscribed", statusDate } } },
      ]
      if (snapshot.phone) {
        identifiers.push({ type: "phone", id: snapshot.phone.id, channels: { sms: { status: "unsubscribed", statusDate } } })
      }
      try {
        await omnisend.getClient(settings.apiKey)!.patchContact(entry.contact_id, { identifiers })
        Object.assign(changes, {
          state: "synced",
          last_synced_at: now,
          last_attempt_at: now,
          attempts: 0,
          last_error: null,
          last_error_code: null,
          last_sent: {
            ...snapshot,
            email: { ...snapshot.email, status: "unsubscribed" },
            phone: snapshot.phone ? { ...snapshot.phone, status: "unsubscribed" } : null,
          },
        })
      } catch (error) {
        if (!(error instanceof OmnisendError)) {
          throw error
        }
        Object.assign(changes, {
          state: "failed",
          attempts: entry.attempts + 1,
          last_attempt_at: now,
          last_error: `Could not unsubscribe the deleted customer's contact: ${error.message}`,
          last_error_code: error.code,
        })
      }
    }
    const updated = await omnisend.updateSyncLedgerEntries({ id: entry.id, ...changes })
    return new StepResponse(updated)
  }
)
