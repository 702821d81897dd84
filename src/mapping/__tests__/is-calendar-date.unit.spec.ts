import { isCalendarDate } from "../is-calendar-date"

describe("isCalendarDate", () => {
  it("accepts days that exist, including leap days", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true)
    expect(isCalendarDate("1999-12-31")).toBe(true)
  })

  it.each(["2023-02-29", "2024-04-31", "2024-00-10", "2024-1-01", "2024-01-01T00:00:00Z"])("rejects %p", (value) => {
    expect(isCalendarDate(value)).toBe(false)
  })
})
