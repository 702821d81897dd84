/** "26 Nov 2026, 14:05" in the admin user's locale; a dash when there is no date. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return "-"
  }
  return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
}
