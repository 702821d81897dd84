import { isCalendarDate } from "./is-calendar-date"

// A date alone (read as UTC midnight) or a date-time with an explicit offset: a date-time without
// one would be read in the server's time zone, which the same data must not depend on.
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i

/** Parses an ISO 8601 date or date-time stored in metadata; null when it is anything else. */
export function parseIsoTimestamp(raw: unknown): Date | null {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? null : raw
  }
  if (typeof raw !== "string") {
    return null
  }
  const match = ISO_TIMESTAMP.exec(raw.trim())
  if (!match || !isCalendarDate(match[1])) {
    return null
  }
  const date = new Date(raw.trim())
  return Number.isNaN(date.getTime()) ? null : date
}
