import type { ChannelConsentMemory } from "../ledger-consent-state"
import { NO_CONSENT_STATUS_DATE, resolveChannelConsent, type ChannelConsentInput } from "../resolve-channel-consent"

const EMAIL = "jane@example.com"
const T1 = new Date("2025-01-10T09:00:00.000Z")
const T2 = new Date("2025-02-20T15:30:00.000Z")
const T3 = new Date("2025-03-05T08:00:00.000Z")

function decide(overrides: Partial<ChannelConsentInput>) {
  return resolveChannelConsent({
    value: undefined,
    valueAt: undefined,
    memory: undefined,
    identifier: EMAIL,
    contactExists: false,
    now: T1,
    ...overrides,
  })
}

describe("resolveChannelConsent", () => {
  describe("evidence", () => {
    it.each([true, "true"])("%p means subscribed", (value) => {
      expect(decide({ value }).status).toBe("subscribed")
    })

    it.each([false, "false"])("%p means unsubscribed", (value) => {
      expect(decide({ value }).status).toBe("unsubscribed")
    })

    it.each([undefined, null, "yes", "TRUE", 1, 0, "", {}])("%p is no evidence: nonSubscribed dated 1970", (value) => {
      const decision = decide({ value, valueAt: "2024-01-01T00:00:00Z" })
      expect(decision.status).toBe("nonSubscribed")
      expect(decision.statusDate).toBe(NO_CONSENT_STATUS_DATE)
      expect(decision.memory).toEqual({
        evidence: null,
        evidenceAt: null,
        sentStatus: "nonSubscribed",
        sentStatusDate: NO_CONSENT_STATUS_DATE,
        sentIdentifier: EMAIL,
      })
    })
  })

  describe("status date", () => {
    it("uses the metadata date when consent was given", () => {
      const decision = decide({ value: true, valueAt: "2024-11-03T10:15:00+01:00", now: T2 })
      expect(decision.status).toBe("subscribed")
      expect(decision.statusDate).toBe("2024-11-03T09:15:00.000Z")
      expect(decision.memory.evidenceAt).toBe("2024-11-03T09:15:00.000Z")
    })

    it("ignores a metadata date in the future and uses when the value was first seen", () => {
      const decision = decide({ value: true, valueAt: "2030-01-01T00:00:00Z", now: T1 })
      expect(decision.statusDate).toBe(T1.toISOString())
    })

    it("ignores an invalid metadata date", () => {
      expect(decide({ value: false, valueAt: "last tuesday", now: T1 }).statusDate).toBe(T1.toISOString())
    })

    it("without a date, keeps the first-seen date across later syncs (not moved by an unrelated save)", () => {
      const first = decide({ value: true, now: T1 })
      expect(first.statusDate).toBe(T1.toISOString())
      const later = decide({ value: true, memory: first.memory, contactExists: true, now: T2 })
      expect(later.statusDate).toBe(T1.toISOString())
      expect(later.memory.evidenceAt).toBe(T1.toISOString())
    })

    it("dates first-seen evidence no later than the customer's last save (a backfill must not date old consent today)", () => {
      const decision = decide({ value: true, now: T3, seenAt: T1 })
      expect(decision.statusDate).toBe(T1.toISOString())
      expect(decision.memory.evidenceAt).toBe(T1.toISOString())
    })

    it("ignores a last-save time in the future", () => {
      expect(decide({ value: true, now: T1, seenAt: T3 }).statusDate).toBe(T1.toISOString())
    })

    it("dates undated evidence never seen before at the customer's creation, the earliest it can be", () => {
      const decision = decide({ value: true, now: T3, seenAt: T2, createdAt: T1 })
      expect(decision.statusDate).toBe(T1.toISOString())
      expect(decision.memory.evidenceAt).toBe(T1.toISOString())
    })

    it("dates undated evidence that changed since the ledger's record at the save that changed it", () => {
      const none = decide({ value: undefined, now: T1, createdAt: T1 })
      const optIn = decide({ value: true, memory: none.memory, contactExists: true, now: T3, seenAt: T2, createdAt: T1 })
      expect(optIn.statusDate).toBe(T2.toISOString())
      expect(optIn.send).toBe(true)
    })

    it("dates changed evidence when the change was first seen", () => {
      const subscribed = decide({ value: true, now: T1 })
      const unsubscribed = decide({ value: "false", memory: subscribed.memory, contactExists: true, now: T2 })
      expect(unsubscribed.status).toBe("unsubscribed")
      expect(unsubscribed.statusDate).toBe(T2.toISOString())
      expect(unsubscribed.memory.evidence).toBe(false)
    })

    it("dates evidence that reappears after a gap anew", () => {
      const subscribed = decide({ value: true, now: T1 })
      const gone = decide({ value: undefined, memory: subscribed.memory, contactExists: true, now: T2 })
      const back = decide({ value: true, memory: gone.memory, contactExists: true, now: T3 })
      expect(back.statusDate).toBe(T3.toISOString())
    })
  })

  describe("on create", () => {
    it("always sends the channel, even without evidence", () => {
      const decision = decide({ value: undefined })
      expect(decision.send).toBe(true)
    })

    it("records what was sent", () => {
      const decision = decide({ value: true, valueAt: "2024-12-01T00:00:00Z" })
      expect(decision.send).toBe(true)
      expect(decision.memory).toEqual({
        evidence: true,
        evidenceAt: "2024-12-01T00:00:00.000Z",
        sentStatus: "subscribed",
        sentStatusDate: "2024-12-01T00:00:00.000Z",
        sentIdentifier: EMAIL,
      })
    })

    it("sends nothing when there is no identifier, but remembers the evidence", () => {
      const decision = decide({ value: true, identifier: null })
      expect(decision.send).toBe(false)
      expect(decision.memory).toEqual({ evidence: true, evidenceAt: T1.toISOString() })
    })
  })

  describe("on update", () => {
    const sent: ChannelConsentMemory = {
      evidence: true,
      evidenceAt: T1.toISOString(),
      sentStatus: "subscribed",
      sentStatusDate: T1.toISOString(),
      sentIdentifier: EMAIL,
    }

    it("does not resend an unchanged status (a profile save must not undo an unsubscribe made in Omnisend)", () => {
      const decision = decide({ value: true, memory: sent, contactExists: true, now: T3 })
      expect(decision.send).toBe(false)
      expect(decision.memory).toEqual(sent)
    })

    it("never sends a status without evidence", () => {
      const decision = decide({ value: undefined, memory: sent, contactExists: true, now: T3 })
      expect(decision.send).toBe(false)
      expect(decision.memory).toEqual({
        evidence: null,
        evidenceAt: null,
        sentStatus: "subscribed",
        sentStatusDate: T1.toISOString(),
        sentIdentifier: EMAIL,
      })
    })

    it("sends a changed status", () => {
      const decision = decide({ value: false, memory: sent, contactExists: true, now: T3 })
      expect(decision.send).toBe(true)
      expect(decision.memory.sentStatus).toBe("unsubscribed")
      expect(decision.memory.sentStatusDate).toBe(T3.toISOString())
    })

    it("sends the same status again when consent was given again (new metadata date)", () => {
      const decision = decide({ value: true, valueAt: T2.toISOString(), memory: sent, contactExists: true, now: T3 })
      expect(decision.send).toBe(true)
      expect(decision.statusDate).toBe(T2.toISOString())
    })

    it("sends when the identifier changed", () => {
      const decision = decide({ value: true, memory: sent, identifier: "+442079460958", contactExists: true, now: T3 })
      expect(decision.send).toBe(true)
      expect(decision.statusDate).toBe(T1.toISOString())
      expect(decision.memory.sentIdentifier).toBe("+442079460958")
    })

    it("sends evidence that was never sent before", () => {
      const created: ChannelConsentMemory = {
        evidence: null,
        evidenceAt: null,
        sentStatus: "nonSubscribed",
        sentStatusDate: NO_CONSENT_STATUS_DATE,
        sentIdentifier: EMAIL,
      }
      const decision = decide({ value: "true", memory: created, contactExists: true, now: T2 })
      expect(decision.send).toBe(true)
      expect(decision.status).toBe("subscribed")
      expect(decision.statusDate).toBe(T2.toISOString())
    })
  })
})
