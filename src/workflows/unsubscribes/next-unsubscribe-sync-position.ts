import type { UnsubscribeSyncPosition } from "../../modules/omnisend/service"

/**
 * Runs in a row a page is read again because a customer on it could not be updated. After that the
 * run moves on, so one customer that keeps failing cannot hold the sync back; the next pass over
 * the list tries that customer again.
 */
export const MAX_FAILED_RUNS_AT_CURSOR = 3

export interface UnsubscribeRunProgress {
  /** The cursor each page read in this run started from, in order (null: the first page). */
  pageCursors: Array<string | null>
  /** Where reading stopped: the next page to read, or null when the list ended (start over). */
  endCursor: string | null
  /** The first page (index into pageCursors) with a customer that could not be updated. */
  firstFailedPage: number | null
}

/**
 * Where the next run starts. Normally where this run stopped; when a customer could not be updated,
 * the page it came from, so the next run tries it again (pages read twice change nothing twice:
 * an applied unsubscribe is no longer newer than the store's consent).
 */
export function nextUnsubscribeSyncPosition(
  stored: UnsubscribeSyncPosition,
  progress: UnsubscribeRunProgress
): UnsubscribeSyncPosition {
  const { pageCursors, endCursor, firstFailedPage } = progress
  if (firstFailedPage === null) {
    return { cursor: endCursor, failed_runs_at_cursor: 0 }
  }
  const retryCursor = pageCursors[firstFailedPage]
  const failedRuns = retryCursor === stored.cursor ? stored.failed_runs_at_cursor + 1 : 1
  return failedRuns < MAX_FAILED_RUNS_AT_CURSOR
    ? { cursor: retryCursor, failed_runs_at_cursor: failedRuns }
    : { cursor: endCursor, failed_runs_at_cursor: 0 }
}
