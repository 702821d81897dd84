import { SyncRequestPacer } from "../sync-request-pacer"

const ids = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `cus_${from + index}`)

describe("SyncRequestPacer", () => {
  it("lets a burst through at once", () => {
    const pacer = new SyncRequestPacer({ perSecond: 5, burst: 25 })
    expect(pacer.schedule(ids(25), 1_000_000)).toEqual([{ delayMs: 0, items: ids(25) }])
  })

  it("delivers the rest at the pace, one group per second, in order", () => {
    const pacer = new SyncRequestPacer({ perSecond: 5, burst: 25 })
    const groups = pacer.schedule(ids(37), 1_000_000)
    expect(groups).toEqual([
      { delayMs: 0, items: ids(25) },
      { delayMs: 1000, items: ids(5, 25) },
      { delayMs: 2000, items: ids(5, 30) },
      { delayMs: 3000, items: ids(2, 35) },
    ])
  })

  it("paces calls made close together as one burst", () => {
    const pacer = new SyncRequestPacer({ perSecond: 5, burst: 25 })
    const now = 1_000_000
    expect(pacer.schedule(ids(25), now)).toEqual([{ delayMs: 0, items: ids(25) }])
    // Two hundred milliseconds later there is room for exactly one more.
    expect(pacer.schedule(ids(2, 25), now + 200)).toEqual([
      { delayMs: 0, items: ["cus_25"] },
      { delayMs: 1000, items: ["cus_26"] },
    ])
  })

  it("refills after a quiet spell", () => {
    const pacer = new SyncRequestPacer({ perSecond: 5, burst: 25 })
    pacer.schedule(ids(50), 1_000_000)
    expect(pacer.schedule(ids(25, 50), 1_000_000 + 10_000)).toEqual([{ delayMs: 0, items: ids(25, 50) }])
  })
})
