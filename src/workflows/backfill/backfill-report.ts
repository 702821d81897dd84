import type { BackfillReport } from "./backfill-types"

export function emptyBackfillReport(): BackfillReport {
  return {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: {},
    failed: {},
    subscribed: { email: 0, sms: 0 },
    resent: 0,
    stopped_batches: 0,
    waiting_for_key: false,
  }
}

// Masked personal data ("j***@e***.com", "+***58") differs per customer; without it, reasons of the
// same kind group together.
const MASKED = /\S*\*\*\*\S*/g

/** The reason with masked personal data blanked, so that reasons of one kind are counted together. */
export function reasonGroup(reason: string): string {
  return reason.replace(MASKED, "***")
}

/** Adds `count` occurrences of `reason` (grouped) to a reason tally. */
export function countReason(tally: Record<string, number>, reason: string, count = 1): void {
  const group = reasonGroup(reason)
  tally[group] = (tally[group] ?? 0) + count
}

/** A stored report (possibly written by an older version) with every counter present. */
export function normalizeBackfillReport(stored: unknown): BackfillReport {
  const report = emptyBackfillReport()
  if (stored === null || typeof stored !== "object") {
    return report
  }
  const value = stored as Partial<BackfillReport>
  return {
    ...report,
    ...value,
    skipped: { ...value.skipped },
    failed: { ...value.failed },
    subscribed: { ...report.subscribed, ...value.subscribed },
  }
}
