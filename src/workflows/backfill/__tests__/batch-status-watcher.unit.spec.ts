import type { BatchResponse } from "../../../modules/omnisend/client"
import { batchPollDelayMs } from "../batch-poll-delay"
import { BatchStatusWatcher, RELAXED_POLL_MS } from "../batch-status-watcher"

const finished = (batchID: string): BatchResponse =>
  ({ batchID, status: "finished", totalCount: 1, finishedCount: 1, errorsCount: 0 }) as BatchResponse

function makeWatcher() {
  const lists: number[] = []
  const api = {
    adapter: { maxListedBatches: 250 },
    listContactBatches: async () => {
      lists.push(Date.now())
      return [finished("b1")]
    },
    getBatch: async (batchId: string) => finished(batchId),
  }
  const watcher = new BatchStatusWatcher(api as any, {
    pollDelayMs: batchPollDelayMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    call: (request) => request(),
  })
  return { watcher, lists }
}

beforeEach(() => {
  jest.useFakeTimers({ now: 0 })
})

afterEach(() => {
  jest.useRealTimers()
})

describe("BatchStatusWatcher", () => {
  it("polls rarely while nobody waits for a result: every poll spends budget the POSTs need", async () => {
    const { watcher, lists } = makeWatcher()
    const result = watcher.waitFor("b1", new Date())

    await jest.advanceTimersByTimeAsync(RELAXED_POLL_MS - 1)
    expect(lists).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    await expect(result).resolves.toEqual(expect.objectContaining({ batchID: "b1" }))
    expect(lists).toHaveLength(1)
  })

  it("polls at the quick pace once the runner waits for a result", async () => {
    const { watcher, lists } = makeWatcher()
    const result = watcher.waitFor("b1", new Date())
    await jest.advanceTimersByTimeAsync(1_000)
    expect(lists).toEqual([])

    watcher.hurry()
    await jest.advanceTimersByTimeAsync(0)

    await expect(result).resolves.toEqual(expect.objectContaining({ batchID: "b1" }))
    expect(lists).toEqual([1_000])
  })
})
