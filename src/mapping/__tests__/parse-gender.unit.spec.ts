import { parseGender } from "../parse-gender"

describe("parseGender", () => {
  it.each([
    ["m", "m"],
    ["M", "m"],
    [" Male ", "m"],
    ["f", "f"],
    ["FEMALE", "f"],
  ])("maps %p to %p", (raw, gender) => {
    expect(parseGender(raw)).toEqual({ ok: true, gender })
  })

  it("treats a missing value as no gender", () => {
    expect(parseGender(undefined)).toEqual({ ok: true, gender: null })
    expect(parseGender(null)).toEqual({ ok: true, gender: null })
    expect(parseGender("")).toEqual({ ok: true, gender: null })
  })

  it.each(["x", "other", "woman", "constructor", "__proto__", 1, true])("rejects %p rather than guessing", (raw) => {
    expect(parseGender(raw)).toEqual({ ok: false })
  })
})
