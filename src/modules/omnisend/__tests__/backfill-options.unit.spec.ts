import { InvalidOmnisendOptionsError, parseOmnisendOptions } from "../options"
import { syncSettingsFromOptions } from "../sync-settings"

describe("backfill options", () => {
  it("schedules the backfill every 15 minutes, turned on, by default", () => {
    const options = parseOmnisendOptions({ apiKey: "key" })
    expect(options).toEqual(expect.objectContaining({ backfillSchedule: "*/15 * * * *", backfillScheduleEnabled: true }))
    expect(syncSettingsFromOptions(options).backfillScheduleEnabled).toBe(true)
  })

  it("passes the schedule switch on to the sync settings", () => {
    const options = parseOmnisendOptions({ apiKey: "key", backfillSchedule: " 0 3 * * * ", backfillScheduleEnabled: false })
    expect(options.backfillSchedule).toBe("0 3 * * *")
    expect(syncSettingsFromOptions(options).backfillScheduleEnabled).toBe(false)
  })

  it("refuses a schedule that is not a cron expression", () => {
    expect(() => parseOmnisendOptions({ backfillSchedule: "every hour" })).toThrow(InvalidOmnisendOptionsError)
    expect(() => parseOmnisendOptions({ backfillSchedule: "every hour" })).toThrow(/backfillSchedule: must be a cron expression/)
  })
})
