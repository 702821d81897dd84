import { countReason, emptyBackfillReport, normalizeBackfillReport, reasonGroup } from "../backfill-report"

describe("backfill report", () => {
  it("groups reasons that differ only in masked personal data", () => {
    expect(reasonGroup("email j***@e***.com is not a valid email address")).toBe("email *** is not a valid email address")
    expect(reasonGroup("email *** is not a valid email address")).toBe("email *** is not a valid email address")
    expect(reasonGroup("customer has no email")).toBe("customer has no email")
  })

  it("counts reasons by group", () => {
    const tally: Record<string, number> = {}
    countReason(tally, "email a***@b***.com is not a valid email address")
    countReason(tally, "email c***@d***.org is not a valid email address")
    countReason(tally, "customer has no email", 3)
    expect(tally).toEqual({ "email *** is not a valid email address": 2, "customer has no email": 3 })
  })

  it("fills counters missing from a stored report, and reads nothing as empty", () => {
    expect(normalizeBackfillReport(null)).toEqual(emptyBackfillReport())
    expect(normalizeBackfillReport({ created: 4, subscribed: { email: 2 } })).toEqual({
      ...emptyBackfillReport(),
      created: 4,
      subscribed: { email: 2, sms: 0 },
    })
  })
})
