import type { CustomerSyncResult } from "./omnisend-api-types"

/** One line for a toast after a manual sync. */
export function describeSyncResult({ outcome }: CustomerSyncResult): { ok: boolean; message: string } {
  switch (outcome.state) {
    case "synced":
      return {
        ok: true,
        message: outcome.sent === "none" ? "Already up to date in Omnisend" : "Synced to Omnisend",
      }
    case "skipped":
      return { ok: true, message: `Not sent: ${outcome.reason}` }
    case "held":
      return { ok: false, message: outcome.reason }
    case "failed":
      return { ok: false, message: outcome.error.message }
    case "customer_missing":
      return { ok: false, message: "The customer no longer exists" }
    default:
      return { ok: false, message: "Omnisend sync is off" }
  }
}
