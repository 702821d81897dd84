import { normalizePhone } from "../normalize-phone"

describe("normalizePhone", () => {
  it("reads a national number in the address country and returns E.164", () => {
    expect(normalizePhone("020 7946 0958", "gb")).toEqual({ phone: "+442079460958" })
  })

  it("keeps a number that is already international, whatever the country", () => {
    expect(normalizePhone("+44 20 7946 0958")).toEqual({ phone: "+442079460958" })
    expect(normalizePhone("+442079460958", "US")).toEqual({ phone: "+442079460958" })
  })

  it("returns no phone and no reason when there is no phone", () => {
    expect(normalizePhone(null, "GB")).toEqual({ phone: null })
    expect(normalizePhone(undefined)).toEqual({ phone: null })
    expect(normalizePhone("   ", "GB")).toEqual({ phone: null })
  })

  it("drops an invalid number with a reason that masks it", () => {
    const result = normalizePhone("0207 946", "GB")
    expect(result.phone).toBeNull()
    expect(result).toHaveProperty("reason")
    const reason = "reason" in result ? result.reason : ""
    expect(reason).toContain("GB")
    expect(reason).toContain("***46")
    expect(reason).not.toContain("0207 946")
  })

  it("never guesses a country for a national number", () => {
    const result = normalizePhone("020 7946 0958")
    expect(result.phone).toBeNull()
    expect("reason" in result && result.reason).toMatch(/without a country code/)
  })

  it("ignores an unknown country code instead of failing", () => {
    expect(normalizePhone("+44 20 7946 0958", "XX")).toEqual({ phone: "+442079460958" })
    expect(normalizePhone("020 7946 0958", "XX").phone).toBeNull()
  })

  it("rejects text that is not a phone number", () => {
    expect(normalizePhone("call me maybe", "GB").phone).toBeNull()
  })
})
