import { MAX_FAILED_RUNS_AT_CURSOR, nextUnsubscribeSyncPosition } from "../next-unsubscribe-sync-position"

const fresh = { cursor: null, failed_runs_at_cursor: 0 }

describe("nextUnsubscribeSyncPosition", () => {
  it("goes on where the run stopped", () => {
    expect(nextUnsubscribeSyncPosition(fresh, { pageCursors: [null, "after=a"], endCursor: "after=b", firstFailedPage: null })).toEqual({
      cursor: "after=b",
      failed_runs_at_cursor: 0,
    })
  })

  it("starts over after the last page", () => {
    expect(
      nextUnsubscribeSyncPosition({ cursor: "after=b", failed_runs_at_cursor: 0 }, { pageCursors: ["after=b"], endCursor: null, firstFailedPage: null })
    ).toEqual(fresh)
  })

  it("reads a page again next run when a customer on it could not be updated", () => {
    const progress = { pageCursors: [null, "after=a", "after=b"], endCursor: "after=c", firstFailedPage: 1 }
    expect(nextUnsubscribeSyncPosition(fresh, progress)).toEqual({ cursor: "after=a", failed_runs_at_cursor: 1 })
  })

  it("moves on after a page failed in run after run, so one customer cannot hold the sync back", () => {
    let position = fresh as { cursor: string | null; failed_runs_at_cursor: number }
    const progress = { pageCursors: ["after=a"], endCursor: "after=b", firstFailedPage: 0 }
    position = nextUnsubscribeSyncPosition(position, { ...progress, pageCursors: [null, "after=a"], firstFailedPage: 1 })
    for (let run = 2; run < MAX_FAILED_RUNS_AT_CURSOR; run++) {
      position = nextUnsubscribeSyncPosition(position, progress)
      expect(position).toEqual({ cursor: "after=a", failed_runs_at_cursor: run })
    }
    expect(nextUnsubscribeSyncPosition(position, progress)).toEqual({ cursor: "after=b", failed_runs_at_cursor: 0 })
  })
})
