import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ContactSnapshot } from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendError, OmnisendErrorCode } from "../../modules/omnisend/client"
import type { ContactIdentifier } from "../../modules/omnisend/client"
import { deferSyncRequest, resolveSyncRequest } from "../sync-requests/sync-request-sql"
import { retryDelayMs } from "../sync-requests/sync-request-settlement"

/**
 * Omnisend has no contact delete. By default the contact stays as it is; with
 * `customerDeletedAction: "unsubscribe"` both channels are unsubscribed, dated at the deletion.
 * Either way the ledger records the deletion. An unsubscribe that failed for a reason that passes
 * (or while sync is off or paused) stays requested: the retry job tries it again.
 */
export const recordCustomerDeletedStep = createStep(
  "record-customer-deleted",
  async (input: { customer_id: string; requested_at: string }, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const settings = await omnisend.getSyncSettings()
    const [entry] = await omnisend.listSyncLedgerEntries({ customer_id: input.customer_id })
    const now = new Date()
    const requestedAt = new Date(input.requested_at)
    // A retry keeps the moment of the deletion: the unsubscribe is dated then.
    const deletedAt = (entry?.customer_deleted_at as Date | null | undefined) ?? now
    if (!entry || (!entry.contact_id && !entry.last_sent)) {
      const record = {
        state: "skipped" as const,
        last_error: "The customer was deleted in Medusa before it was synced",
        last_error_code: "OMNISEND_CUSTOMER_DELETED",
        customer_deleted_at: deletedAt,
      }
      const written = entry
        ? await omnisend.updateSyncLedgerEntries({ id: entry.id, ...record })
        : await omnisend.createSyncLedgerEntries({ customer_id: input.customer_id, ...record })
      await resolveSyncRequest(knex, input.customer_id, requestedAt, { deletion: true })
      return new StepResponse(written)
    }

    const changes: Record<string, unknown> = { customer_deleted_at: deletedAt }
    let retryAt: Date | null = null
    const snapshot = entry.last_sent as ContactSnapshot | null
    // A guest and a registered customer with one email share one contact: deleting one of them
    // must not unsubscribe the other, who may well have consented.
    const stillOwned =
      entry.contact_id !== null &&
      (await omnisend.listSyncLedgerEntries({ contact_id: entry.contact_id, customer_deleted_at: null }, { select: ["customer_id"] }))
        .some((other) => other.customer_id !== input.customer_id)
    const contactId = settings.customerDeletedAction === "unsubscribe" && snapshot && !stillOwned ? entry.contact_id : null
    const unsubscribe = contactId !== null && snapshot !== null
    if (unsubscribe && !settings.enabled) {
      // Sync is off or paused: the retry job sends the unsubscribe once it is on again.
      retryAt = now
    } else if (contactId !== null && snapshot !== null) {
      const statusDate = deletedAt.toISOString()
      const identifiers: ContactIdentifier[] = [
        { type: "email", id: snapshot.email.id, channels: { email: { status: "unsubscribed", statusDate } } },
      ]
      if (snapshot.phone) {
        identifiers.push({ type: "phone", id: snapshot.phone.id, channels: { sms: { status: "unsubscribed", statusDate } } })
      }
      try {
        await omnisend.getClient(settings.apiKey)!.patchContact(contactId, { identifiers })
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
        const passing = error.retryable || error.code === OmnisendErrorCode.AUTH_FAILED
        Object.assign(changes, {
          state: passing ? "pending" : "failed",
          attempts: entry.attempts + 1,
          last_attempt_at: now,
          last_error: `Could not unsubscribe the deleted customer's contact: ${error.message}`,
          last_error_code: error.code,
        })
        retryAt = passing ? new Date(now.getTime() + retryDelayMs(entry.attempts + 1)) : null
      }
    }
    const updated = await omnisend.updateSyncLedgerEntries({ id: entry.id, ...changes })
    if (retryAt) {
      await deferSyncRequest(knex, input.customer_id, retryAt)
    } else {
      await resolveSyncRequest(knex, input.customer_id, requestedAt, { deletion: true })
    }
    return new StepResponse(updated)
  }
)
