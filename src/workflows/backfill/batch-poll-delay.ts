const FIRST_POLL_MS = 400
const GROWTH = 1.5
const MAX_POLL_MS = 10_000

/**
 * How long to wait before poll number `poll` (0 = first) of a batch's status: soon at first, since
 * small batches finish within a second, then less and less often for a batch Omnisend is slow with.
 */
export function batchPollDelayMs(poll: number): number {
  return Math.min(MAX_POLL_MS, Math.round(FIRST_POLL_MS * GROWTH ** Math.max(0, poll)))
}
