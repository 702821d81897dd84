import { DEFAULT_CONSENT_KEYS } from "../contact-mapping-config"
import { planContactSync, type LedgerEntryView } from "../plan-contact-sync"
import type { MedusaCustomerInput } from "../medusa-customer-input"

const config = { tags: [], customPropertyKeys: [], consentKeys: DEFAULT_CONSENT_KEYS, sendWelcomeMessage: false }
const now = new Date("2026-11-26T10:00:00.000Z")

function customer(overrides: Partial<MedusaCustomerInput> = {}): MedusaCustomerInput {
  return {
    id: "cus_1",
    email: "jane@example.com",
    first_name: "Jane",
    last_name: "Doe",
    phone: null,
    metadata: null,
    created_at: "2026-01-01T00:00:00.000Z",
    addresses: [],
    groups: [],
    ...overrides,
  }
}

function syncedLedger(from: MedusaCustomerInput): LedgerEntryView {
  const plan = planContactSync(from, null, config, now)
  if (plan.action !== "create") {
    throw new Error("expected a create")
  }
  return { contact_id: "c1", email: plan.mapped.snapshot.email.id, last_sent: plan.mapped.snapshot, consent: plan.mapped.consent }
}

describe("planContactSync", () => {
  it("creates a contact for a customer the ledger has no contact id for", () => {
    const plan = planContactSync(customer(), null, config, now)
    expect(plan.action).toBe("create")
    expect(plan.action === "create" && plan.body.identifiers[0].id).toBe("jane@example.com")
  })

  it("skips a customer without a usable email, with the reason", () => {
    expect(planContactSync(customer({ email: null }), null, config, now)).toEqual({
      action: "skip",
      reason: "customer has no email",
    })
  })

  it("plans nothing when nothing Omnisend would see changed", () => {
    const ledger = syncedLedger(customer())
    expect(planContactSync(customer({ metadata: { unrelated: 1 } }), ledger, config, now)).toEqual(
      expect.objectContaining({ action: "none", contactId: "c1" })
    )
  })

  it("patches only what changed, with the full contact ready in case the contact is gone", () => {
    const ledger = syncedLedger(customer())
    const plan = planContactSync(customer({ last_name: "Smith" }), ledger, config, now)
    expect(plan.action).toBe("patch")
    if (plan.action === "patch") {
      expect(plan.contactId).toBe("c1")
      expect(plan.body).toEqual({ lastName: "Smith" })
      expect(plan.whole.body).toEqual(expect.objectContaining({ lastName: "Smith", firstName: "Jane" }))
      expect(plan.whole.body.identifiers).toHaveLength(1)
    }
  })

  it("creates a new contact when the email changed, naming the one it replaces", () => {
    const ledger = syncedLedger(customer())
    const plan = planContactSync(customer({ email: "new@example.com" }), ledger, config, now)
    expect(plan).toEqual(
      expect.objectContaining({ action: "create", replaces: { contact_id: "c1", email: "jane@example.com" } })
    )
  })

  describe("welcome message (asked for only when the contact is created subscribed for the first time)", () => {
    const welcome = { ...config, sendWelcomeMessage: true }
    const subscriber = customer({
      metadata: { email_marketing_consent: true },
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    const welcomed = (plan: ReturnType<typeof planContactSync>) =>
      plan.action === "create" && plan.body.identifiers.some((identifier) => identifier.sendWelcomeMessage)

    it("is asked for on the first create", () => {
      expect(welcomed(planContactSync(subscriber, null, welcome, now))).toBe(true)
    })

    it("is not asked for on an email change", () => {
      const ledger = syncedLedger(subscriber)
      const plan = planContactSync({ ...subscriber, email: "new@example.com" }, ledger, welcome, now)
      expect(plan.action).toBe("create")
      expect(welcomed(plan)).toBe(false)
    })

    it("is not asked for when a batch created the contact (id unknown) and it changed since", () => {
      const ledger = { ...syncedLedger(subscriber), contact_id: null }
      const plan = planContactSync({ ...subscriber, first_name: "Janet" }, ledger, welcome, now)
      expect(plan.action).toBe("create")
      expect(welcomed(plan)).toBe(false)
    })

    it("is not in the whole contact a batch would send", () => {
      const plan = planContactSync({ ...subscriber, first_name: "Janet" }, syncedLedger(subscriber), welcome, now)
      expect(plan.action).toBe("patch")
      expect(plan.action === "patch" && plan.whole.body.identifiers.some((identifier) => identifier.sendWelcomeMessage)).toBe(false)
    })
  })
})
