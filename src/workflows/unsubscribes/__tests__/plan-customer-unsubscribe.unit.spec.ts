import { DEFAULT_CONSENT_KEYS, planContactSync, type LedgerEntryView, type MedusaCustomerInput } from "../../../mapping"
import type { OmnisendUnsubscribe } from "../omnisend-unsubscribe"
import { planCustomerUnsubscribe, type UnsubscribeLedgerView } from "../plan-customer-unsubscribe"

const config = { tags: [], customPropertyKeys: [], consentKeys: DEFAULT_CONSENT_KEYS, sendWelcomeMessage: false }
const now = new Date("2026-11-30T10:00:00.000Z")
const SUBSCRIBED_AT = "2026-03-01T09:00:00.000Z"
const UNSUBSCRIBED_AT = "2026-06-15T12:30:00.000Z"

const unsubscribe: OmnisendUnsubscribe = { contact_id: "c1", email: "jane@example.com", unsubscribed_at: UNSUBSCRIBED_AT }

function customer(overrides: Partial<MedusaCustomerInput> = {}): MedusaCustomerInput & { updated_at: string } {
  return {
    id: "cus_1",
    email: "jane@example.com",
    first_name: "Jane",
    last_name: "Doe",
    phone: null,
    metadata: { email_marketing_consent: true, email_marketing_consent_at: SUBSCRIBED_AT, vip: true },
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-03-01T09:00:00.000Z",
    addresses: [],
    groups: [],
    ...overrides,
  } as MedusaCustomerInput & { updated_at: string }
}

/** The ledger as a successful real-time sync of `from` leaves it. */
function syncedLedger(from: MedusaCustomerInput): LedgerEntryView {
  const plan = planContactSync(from, null, config, now)
  if (plan.action !== "create") {
    throw new Error("expected a create")
  }
  return { contact_id: "c1", email: plan.mapped.snapshot.email.id, last_sent: plan.mapped.snapshot, consent: plan.mapped.consent }
}

describe("planCustomerUnsubscribe", () => {
  it("writes the opt-out with Omnisend's date into the configured consent keys", () => {
    const subscribed = customer()
    const plan = planCustomerUnsubscribe(unsubscribe, subscribed, syncedLedger(subscribed), DEFAULT_CONSENT_KEYS, now)

    expect(plan).toEqual(
      expect.objectContaining({
        action: "apply",
        metadata: { email_marketing_consent: false, email_marketing_consent_at: UNSUBSCRIBED_AT },
      })
    )
  })

  it("uses the consent keys a merchant configured", () => {
    const keys = { ...DEFAULT_CONSENT_KEYS, email: "newsletter", emailAt: "newsletter_at" }
    const subscribed = customer({ metadata: { newsletter: "true", newsletter_at: SUBSCRIBED_AT } })
    const plan = planCustomerUnsubscribe(unsubscribe, subscribed, null, keys, now)

    expect(plan.action === "apply" && plan.metadata).toEqual({ newsletter: false, newsletter_at: UNSUBSCRIBED_AT })
  })

  it("keeps an opt-in given in the store after the Omnisend unsubscribe", () => {
    const later = customer({ metadata: { email_marketing_consent: true, email_marketing_consent_at: "2026-07-01T00:00:00.000Z" } })
    expect(planCustomerUnsubscribe(unsubscribe, later, syncedLedger(later), DEFAULT_CONSENT_KEYS, now)).toEqual({
      action: "keep",
      reason: "store_consent_newer",
    })
  })

  it("keeps an opt-in given at the very moment of the unsubscribe: only a newer unsubscribe wins", () => {
    const same = customer({ metadata: { email_marketing_consent: true, email_marketing_consent_at: UNSUBSCRIBED_AT } })
    expect(planCustomerUnsubscribe(unsubscribe, same, null, DEFAULT_CONSENT_KEYS, now)).toEqual({
      action: "keep",
      reason: "store_consent_newer",
    })
  })

  it("dates an undated opt-in the way a sync does: when the plugin first saw it", () => {
    const undated = customer({ metadata: { email_marketing_consent: true }, updated_at: "2026-10-01T00:00:00.000Z" })
    const seenBefore: UnsubscribeLedgerView = {
      ...syncedLedger(customer({ metadata: { email_marketing_consent: true }, updated_at: SUBSCRIBED_AT })),
    }
    // First seen in March, before the June unsubscribe: a later unrelated save does not make it newer.
    expect(planCustomerUnsubscribe(unsubscribe, undated, seenBefore, DEFAULT_CONSENT_KEYS, now).action).toBe("apply")
    // Never seen by the plugin: it cannot be older than the customer's last save, in October.
    expect(planCustomerUnsubscribe(unsubscribe, undated, null, DEFAULT_CONSENT_KEYS, now)).toEqual({
      action: "keep",
      reason: "store_consent_newer",
    })
  })

  it("records the unsubscribe of a customer without any consent", () => {
    expect(planCustomerUnsubscribe(unsubscribe, customer({ metadata: null }), null, DEFAULT_CONSENT_KEYS, now).action).toBe("apply")
  })

  it("leaves a customer already unsubscribed in the store alone", () => {
    const withdrawn = customer({ metadata: { email_marketing_consent: false, email_marketing_consent_at: "2026-01-01T00:00:00.000Z" } })
    expect(planCustomerUnsubscribe(unsubscribe, withdrawn, null, DEFAULT_CONSENT_KEYS, now)).toEqual({
      action: "keep",
      reason: "already_unsubscribed",
    })
  })

  it("matches by normalised email and leaves a customer whose email changed since alone", () => {
    const shouting = customer({ email: "  JANE@Example.com " })
    expect(planCustomerUnsubscribe(unsubscribe, shouting, null, DEFAULT_CONSENT_KEYS, now).action).toBe("apply")
    expect(planCustomerUnsubscribe(unsubscribe, customer({ email: "jane.new@example.com" }), null, DEFAULT_CONSENT_KEYS, now)).toEqual({
      action: "keep",
      reason: "email_changed",
    })
  })

  it("tells the ledger that Omnisend holds the unsubscribe, keeping the SMS memory", () => {
    const subscribed = customer()
    const ledger = syncedLedger(subscribed)
    const plan = planCustomerUnsubscribe(unsubscribe, subscribed, ledger, DEFAULT_CONSENT_KEYS, now)
    if (plan.action !== "apply") {
      throw new Error("expected apply")
    }

    expect(plan.ledger.consent).toEqual({
      email: {
        evidence: false,
        evidenceAt: UNSUBSCRIBED_AT,
        sentStatus: "unsubscribed",
        sentStatusDate: UNSUBSCRIBED_AT,
        sentIdentifier: "jane@example.com",
      },
      sms: ledger.consent!.sms,
    })
    expect(plan.ledger.contact_id).toBe("c1")
    expect(plan.ledger.last_sent!.email).toEqual({ id: "jane@example.com", status: "unsubscribed" })
    expect(plan.ledger.last_sent_hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it("fills in the contact id Omnisend listed for a customer never synced", () => {
    const plan = planCustomerUnsubscribe(unsubscribe, customer(), null, DEFAULT_CONSENT_KEYS, now)
    expect(plan.action === "apply" && plan.ledger).toEqual(
      expect.objectContaining({ contact_id: "c1", email: "jane@example.com", last_sent: null, last_sent_hash: null })
    )
  })

  it("leaves the next sync nothing to send for the email channel", () => {
    const subscribed = customer()
    const ledger = syncedLedger(subscribed)
    const plan = planCustomerUnsubscribe(unsubscribe, subscribed, ledger, DEFAULT_CONSENT_KEYS, now)
    if (plan.action !== "apply") {
      throw new Error("expected apply")
    }
    const updated = customer({
      metadata: { ...subscribed.metadata, ...plan.metadata },
      updated_at: "2026-11-30T09:59:00.000Z",
    })
    const after = { ...ledger, ...plan.ledger }

    expect(planContactSync(updated, after, config, now)).toEqual(expect.objectContaining({ action: "none" }))
    const renamed = planContactSync({ ...updated, last_name: "Smith" }, after, config, now)
    expect(renamed.action === "patch" && renamed.body).toEqual({ lastName: "Smith" })
    // Never synced: the contact id Omnisend listed turns the first sync into a PATCH without the status.
    const fresh = planCustomerUnsubscribe(unsubscribe, subscribed, null, DEFAULT_CONSENT_KEYS, now)
    const first = fresh.action === "apply" ? planContactSync(updated, fresh.ledger, config, now) : null
    expect(first?.action).toBe("patch")
    expect(first?.action === "patch" && first.body.identifiers).toBeUndefined()
  })
})
