import { batchPollDelayMs } from "../batch-poll-delay"

describe("batchPollDelayMs", () => {
  it("polls soon at first, then less and less often, never less often than every 10 s", () => {
    const delays = Array.from({ length: 20 }, (_, poll) => batchPollDelayMs(poll))
    expect(delays[0]).toBe(400)
    expect(delays[1]).toBe(600)
    delays.slice(1).forEach((delay, index) => expect(delay).toBeGreaterThanOrEqual(delays[index]))
    expect(Math.max(...delays)).toBe(10_000)
  })
})
