import { InvalidOmnisendOptionsError, parseOmnisendOptions } from "../options"

describe("rate budget options", () => {
  it("uses 80 % of Omnisend's limit and keeps a quarter of it for live changes by default", () => {
    expect(parseOmnisendOptions({})).toEqual(expect.objectContaining({ rateBudgetShare: 0.8, rateBudgetLiveReserve: 0.25 }))
  })

  it("accepts a merchant's shares", () => {
    expect(parseOmnisendOptions({ rateBudgetShare: 0.5, rateBudgetLiveReserve: 0 })).toEqual(
      expect.objectContaining({ rateBudgetShare: 0.5, rateBudgetLiveReserve: 0 })
    )
  })

  it("refuses shares that would stop the sync or leave live changes nothing", () => {
    for (const options of [{ rateBudgetShare: 0 }, { rateBudgetShare: 1.2 }, { rateBudgetLiveReserve: 1 }, { rateBudgetLiveReserve: -0.1 }]) {
      expect(() => parseOmnisendOptions(options)).toThrow(InvalidOmnisendOptionsError)
    }
    expect(() => parseOmnisendOptions({ rateBudgetLiveReserve: 1 })).toThrow(/rateBudgetLiveReserve/)
  })
})
