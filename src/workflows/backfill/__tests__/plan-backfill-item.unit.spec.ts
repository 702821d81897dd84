import { DEFAULT_CONSENT_KEYS, hashSnapshot, planContactSync, type LedgerEntryView } from "../../../mapping"
import { planBackfillItem, type BackfillCustomer } from "../plan-backfill-item"

const config = { tags: [], customPropertyKeys: [], consentKeys: DEFAULT_CONSENT_KEYS, sendWelcomeMessage: true }
const now = new Date("2026-11-26T10:00:00.000Z")
const UPDATED_AT = "2026-11-25T08:00:00.000Z"

function customer(overrides: Partial<BackfillCustomer> = {}): BackfillCustomer {
  return {
    id: "cus_1",
    email: "jane@example.com",
    first_name: "Jane",
    last_name: "Doe",
    phone: null,
    metadata: { email_marketing_consent: true, email_marketing_consent_at: "2026-01-02T00:00:00.000Z" },
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: new Date(UPDATED_AT),
    addresses: [],
    groups: [],
    ...overrides,
  }
}

function syncedLedger(from: BackfillCustomer): LedgerEntryView {
  const plan = planContactSync(from, null, config, now)
  if (plan.action !== "create") {
    throw new Error("expected a create")
  }
  return { contact_id: "c1", email: "jane@example.com", last_sent: plan.mapped.snapshot, consent: plan.mapped.consent }
}

describe("planBackfillItem", () => {
  it("sends a never-synced customer as a new contact and keeps what it carries for the ledger", () => {
    const plan = planBackfillItem(customer(), null, config, now)
    if (plan.kind !== "send") {
      throw new Error(`expected a send, got ${plan.kind}`)
    }
    expect(plan.payload.identifiers[0]).toEqual(
      expect.objectContaining({ id: "jane@example.com", channels: { email: { status: "subscribed", statusDate: "2026-01-02T00:00:00.000Z" } } })
    )
    expect(plan.pending).toEqual(
      expect.objectContaining({
        action: "create",
        email: "jane@example.com",
        customer_updated_at: UPDATED_AT,
        address_id: null,
        replaces: null,
        warnings: [],
      })
    )
    expect(plan.pending.hash).toBe(hashSnapshot(plan.pending.snapshot))
    expect(plan.pending.consent.email).toEqual(expect.objectContaining({ evidence: true, sentStatus: "subscribed" }))
  })

  it("sends the full contact, not the diff, for a customer whose contact changed", () => {
    const ledger = syncedLedger(customer())
    const plan = planBackfillItem(customer({ last_name: "Smith" }), ledger, config, now)
    if (plan.kind !== "send") {
      throw new Error(`expected a send, got ${plan.kind}`)
    }
    expect(plan.pending.action).toBe("patch")
    expect(plan.payload).toEqual(
      expect.objectContaining({ firstName: "Jane", lastName: "Smith", identifiers: expect.any(Array), createdAt: "2026-01-01T00:00:00.000Z" })
    )
    expect(plan.payload.identifiers[0].channels.email?.status).toBe("subscribed")
  })

  it("records the contact a changed email replaces", () => {
    const plan = planBackfillItem(customer({ email: "new@example.com" }), syncedLedger(customer()), config, now)
    expect(plan.kind === "send" && plan.pending).toEqual(
      expect.objectContaining({ action: "create", email: "new@example.com", replaces: { contact_id: "c1", email: "jane@example.com" } })
    )
  })

  it("answers unchanged, with the consent memory to keep, when Omnisend already has this contact", () => {
    const ledger = syncedLedger(customer())
    expect(planBackfillItem(customer(), ledger, config, now)).toEqual({
      kind: "unchanged",
      consent: ledger.consent,
      address_id: null,
    })
  })

  it("skips a guest whose email a registered customer has: the registered customer's data and consent win", () => {
    const plan = planBackfillItem(customer({ has_account: false, shadowed_by_registered: true }), null, config, now)
    expect(plan).toEqual({ kind: "skip", reason: expect.stringContaining("registered customer with the same email") })
  })

  it("skips a customer that cannot become a contact, with the reason", () => {
    expect(planBackfillItem(customer({ email: "  " }), null, config, now)).toEqual({ kind: "skip", reason: "customer has no email" })
  })
})
