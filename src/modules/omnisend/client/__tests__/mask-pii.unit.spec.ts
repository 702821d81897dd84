import { maskEmail, maskPhone, maskPiiInText } from "../mask-pii"

describe("maskEmail", () => {
  it("keeps the first letters and the top-level domain only", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@e***.com")
    expect(maskEmail("jane+vip@mail.example.co.uk")).toBe("j***@m***.uk")
  })

  it("hides anything that is not an address", () => {
    expect(maskEmail("jane")).toBe("***")
    expect(maskEmail("@example.com")).toBe("***")
  })
})

describe("maskPhone", () => {
  it("keeps the + and the last two digits", () => {
    expect(maskPhone("+14155550100")).toBe("+***00")
    expect(maskPhone("(415) 555-0123")).toBe("***23")
  })

  it("hides short numbers entirely", () => {
    expect(maskPhone("1234")).toBe("***")
  })
})

describe("maskPiiInText", () => {
  it("masks every email and phone in free text", () => {
    const text = "identifiers: jane@example.com and bob+x@shop.io clash with phone +1 415 555 0100"

    const masked = maskPiiInText(text)

    expect(masked).toBe("identifiers: j***@e***.com and b***@s***.io clash with phone +***00")
    expect(masked).not.toMatch(/jane|bob|555/)
  })

  it("leaves text without personal data alone and is stable when applied twice", () => {
    const text = "countryCode: must be exactly 2 characters"

    expect(maskPiiInText(text)).toBe(text)
    expect(maskPiiInText(maskPiiInText("jane@example.com +14155550100"))).toBe("j***@e***.com +***00")
  })
})
