import type { ContactSyncPlan, MappedContact } from "../../../mapping"
import { InternalFailureError } from "../../../lib/describe-internal-error"
import { duplicateKeyError, PERSONAL_DATA, terminatedWhileSelectingError } from "../../../lib/__tests__/internal-error-fixtures"
import { recordSyncOutcome } from "../record-sync-outcome"
import { sendContactSyncPlan } from "../send-contact-to-omnisend"

function expectNoPersonalData(text: string): void {
  for (const secret of PERSONAL_DATA) {
    expect(text).not.toContain(secret)
  }
}

describe("an internal failure while syncing one customer", () => {
  it("fails the customer with a description that quotes no statement and no values", async () => {
    const plan = {
      action: "create",
      body: { identifiers: [] },
      mapped: { warnings: [] } as unknown as MappedContact,
      replaces: null,
    } as unknown as ContactSyncPlan
    const client = {
      createContact: () => Promise.reject(terminatedWhileSelectingError()),
      patchContact: jest.fn(),
      getContact: jest.fn(),
      findContactByEmail: jest.fn(),
    }
    const outcome = await sendContactSyncPlan(plan, client)
    expect(outcome).toEqual({
      state: "failed",
      error: {
        code: "OMNISEND_SYNC_ERROR",
        message: "The database refused or lost the connection (code 57P01) while syncing this customer.",
        retryable: true,
      },
      warnings: [],
    })
  })

  it("records the ledger write's own failure as an InternalFailureError without the statement or values", async () => {
    const ledger = {
      listSyncLedgerEntries: jest.fn().mockResolvedValue([]),
      createSyncLedgerEntries: jest.fn().mockRejectedValue(duplicateKeyError()),
      updateSyncLedgerEntries: jest.fn(),
    }
    const input = {
      customer_id: "cus_1",
      customer_updated_at: null,
      outcome: { state: "skipped" as const, reason: "no email" },
    }
    const failure = await recordSyncOutcome(ledger as never, input).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(InternalFailureError)
    const { message } = failure as InternalFailureError
    expect(message).toBe(
      "The database refused a write that breaks one of its rules (code 23505), constraint " +
        "IDX_omnisend_sync_ledger_customer_id_unique, while recording the sync outcome of customer cus_1."
    )
    expectNoPersonalData(message)
  })
})
