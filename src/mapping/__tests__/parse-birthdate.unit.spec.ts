import { parseBirthdate } from "../parse-birthdate"

const now = new Date("2025-06-15T12:00:00.000Z")

describe("parseBirthdate", () => {
  it("accepts a real YYYY-MM-DD date", () => {
    expect(parseBirthdate("1997-05-02", now)).toEqual({ ok: true, birthdate: "1997-05-02" })
    expect(parseBirthdate(" 2000-02-29 ", now)).toEqual({ ok: true, birthdate: "2000-02-29" })
  })

  it("takes the date part of an ISO date-time without shifting the day", () => {
    expect(parseBirthdate("1997-05-02T00:00:00+02:00", now)).toEqual({ ok: true, birthdate: "1997-05-02" })
    expect(parseBirthdate("1997-05-02T23:30:00.000Z", now)).toEqual({ ok: true, birthdate: "1997-05-02" })
  })

  it("treats a missing value as no birthdate, not as an error", () => {
    expect(parseBirthdate(undefined, now)).toEqual({ ok: true, birthdate: null })
    expect(parseBirthdate(null, now)).toEqual({ ok: true, birthdate: null })
    expect(parseBirthdate(" ", now)).toEqual({ ok: true, birthdate: null })
  })

  it.each(["1999-02-29", "2001-13-01", "1997-5-2", "02/05/1997", "yesterday", "1899-12-31", "1997-05-02T25:00:00Z"])(
    "rejects %p",
    (raw) => {
      expect(parseBirthdate(raw, now)).toEqual({ ok: false })
    }
  )

  it("rejects dates in the future but accepts today", () => {
    expect(parseBirthdate("2025-06-16", now)).toEqual({ ok: false })
    expect(parseBirthdate("2025-06-15", now)).toEqual({ ok: true, birthdate: "2025-06-15" })
  })

  it("rejects values that are not strings", () => {
    expect(parseBirthdate(19970502, now)).toEqual({ ok: false })
    expect(parseBirthdate({ year: 1997 }, now)).toEqual({ ok: false })
  })
})
