import { InvalidOmnisendOptionsError, parseOmnisendOptions } from "../options"

describe("unsubscribe sync options", () => {
  it("reads unsubscribes every 30 minutes, 40 pages a run, turned on, by default", () => {
    expect(parseOmnisendOptions({ apiKey: "key" })).toEqual(
      expect.objectContaining({
        unsubscribeSyncEnabled: true,
        unsubscribeSyncSchedule: "*/30 * * * *",
        unsubscribeSyncMaxPages: 40,
      })
    )
  })

  it("takes a schedule, a page budget and the switch", () => {
    const options = parseOmnisendOptions({
      unsubscribeSyncEnabled: false,
      unsubscribeSyncSchedule: " 0 * * * * ",
      unsubscribeSyncMaxPages: 10,
    })
    expect(options).toEqual(
      expect.objectContaining({ unsubscribeSyncEnabled: false, unsubscribeSyncSchedule: "0 * * * *", unsubscribeSyncMaxPages: 10 })
    )
  })

  it("refuses a schedule that is not a cron expression", () => {
    expect(() => parseOmnisendOptions({ unsubscribeSyncSchedule: "twice an hour" })).toThrow(
      /unsubscribeSyncSchedule: must be a cron expression/
    )
  })

  it("refuses a page budget that could spend most of Omnisend's rate limit, or none", () => {
    for (const unsubscribeSyncMaxPages of [0, 201, 1.5]) {
      expect(() => parseOmnisendOptions({ unsubscribeSyncMaxPages })).toThrow(InvalidOmnisendOptionsError)
    }
    expect(() => parseOmnisendOptions({ unsubscribeSyncMaxPages: 201 })).toThrow(/unsubscribeSyncMaxPages/)
  })
})
