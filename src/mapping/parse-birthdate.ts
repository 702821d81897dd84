import { isCalendarDate } from "./is-calendar-date"

/** `ok: false` means a value was there but is not a usable birthdate. */
export type ParsedBirthdate = { ok: true; birthdate: string | null } | { ok: false }

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

// Older than anyone alive: a placeholder or a typo, not a birthdate.
const EARLIEST_BIRTHDATE = "1900-01-01"

/**
 * Reads a birthdate as Omnisend wants it ("YYYY-MM-DD"). A date-time keeps its own date part
 * (converting it to UTC could move the day). Future dates are rejected.
 */
export function parseBirthdate(raw: unknown, now: Date): ParsedBirthdate {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
    return { ok: true, birthdate: null }
  }
  if (typeof raw !== "string") {
    return { ok: false }
  }
  const value = raw.trim()
  const dateTime = ISO_DATE_TIME.exec(value)
  const date = dateTime && !Number.isNaN(Date.parse(value)) ? dateTime[1] : value
  const today = now.toISOString().slice(0, 10)
  if (!isCalendarDate(date) || date < EARLIEST_BIRTHDATE || date > today) {
    return { ok: false }
  }
  return { ok: true, birthdate: date }
}
