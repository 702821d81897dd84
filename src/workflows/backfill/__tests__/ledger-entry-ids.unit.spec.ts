import { createEntityIds } from "../ledger-entry-ids"

describe("createEntityIds", () => {
  it("makes distinct, ordered ids shaped like the module's own", () => {
    const ids = createEntityIds("omsync", 1000, new Date("2026-11-26T10:00:00.000Z"))
    expect(new Set(ids).size).toBe(1000)
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids) {
      expect(id).toMatch(/^omsync_[0-9A-HJKMNP-TV-Z]{26}$/)
    }
  })

  it("encodes the time first, as a ULID does", () => {
    const [earlier] = createEntityIds("omsync", 1, new Date("2026-11-26T10:00:00.000Z"))
    const [later] = createEntityIds("omsync", 1, new Date("2026-11-26T10:00:00.001Z"))
    expect(earlier.slice(0, 17) < later.slice(0, 17)).toBe(true)
    // 1795687200000 ms in Crockford base32.
    expect(earlier.slice(7, 17)).toBe("01M8BMRD80")
  })
})
