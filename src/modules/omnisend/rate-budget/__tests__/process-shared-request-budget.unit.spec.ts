import { RateLimiterMemory } from "rate-limiter-flexible"
import type { RequestPriority } from "../../client/request-budget"
import { createBudgetLimiters } from "../create-request-budget"
import { SharedRequestBudget } from "../process-shared-request-budget"
import type { RateBudgetLimiters } from "../process-shared-request-budget"

const SHARES = { share: 0.8, liveReserve: 0.25 }
// The emulator's answer to the first request of a 40-per-10-s window.
const FIRST_ANSWER_40_PER_10_S = { limit: 40, remaining: 39, resetSeconds: 10 }

function makeBudget(limiters: RateBudgetLimiters = createBudgetLimiters(undefined)) {
  const warnings: string[] = []
  const budget = new SharedRequestBudget({
    accountKey: "account",
    shares: SHARES,
    limiters,
    logger: { warn: (line) => warnings.push(line) },
  })
  return { budget, warnings }
}

/** Starts `count` takes; the returned list names each one as it is granted, in order. */
function takeMany(budget: SharedRequestBudget, priority: RequestPriority, count: number, granted: string[]): void {
  for (let index = 0; index < count; index++) {
    void budget.take(priority).then(() => granted.push(`${priority} ${index}`))
  }
}

const count = (granted: string[], priority: RequestPriority) => granted.filter((name) => name.startsWith(priority)).length

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 })
})

afterEach(() => {
  jest.useRealTimers()
})

describe("SharedRequestBudget", () => {
  it("before any answer, paces a burst to 80 % of Omnisend's documented 400 a minute", async () => {
    const { budget } = makeBudget()
    const granted: string[] = []
    takeMany(budget, "live", 25, granted)

    await jest.advanceTimersByTimeAsync(0)
    expect(granted).toHaveLength(10)
    await jest.advanceTimersByTimeAsync(2_000)
    expect(granted).toHaveLength(20)
    await jest.advanceTimersByTimeAsync(2_000)
    expect(granted).toHaveLength(25)
  })

  it("paces to the limit the headers announce: 40 per 10 s gives 12 every 4 s", async () => {
    const { budget } = makeBudget()
    budget.observe(FIRST_ANSWER_40_PER_10_S)
    const granted: string[] = []
    takeMany(budget, "live", 30, granted)

    await jest.advanceTimersByTimeAsync(0)
    expect(granted).toHaveLength(12)
    await jest.advanceTimersByTimeAsync(3_900)
    expect(granted).toHaveLength(12)
    await jest.advanceTimersByTimeAsync(200)
    expect(granted).toHaveLength(24)
    await jest.advanceTimersByTimeAsync(4_000)
    expect(granted).toHaveLength(30)
  })

  it("answers false to a request that found nothing free within its longest wait, and grants the others", async () => {
    const { budget } = makeBudget()
    const granted: string[] = []
    takeMany(budget, "live", 10, granted)
    const answers: boolean[] = []
    void budget.take("live", 1_000).then((answer) => answers.push(answer))
    void budget.take("live", 5_000).then((answer) => answers.push(answer))

    await jest.advanceTimersByTimeAsync(1_000)
    expect(granted).toHaveLength(10)
    expect(answers).toEqual([false])
    await jest.advanceTimersByTimeAsync(1_100)
    expect(answers).toEqual([false, true])
  })

  it("grants live requests before background ones already waiting", async () => {
    const { budget } = makeBudget()
    budget.observe(FIRST_ANSWER_40_PER_10_S)
    const granted: string[] = []
    takeMany(budget, "background", 30, granted)
    takeMany(budget, "live", 5, granted)

    await jest.advanceTimersByTimeAsync(0)
    // The first background take was already under way when the live ones arrived.
    expect(granted.slice(0, 6)).toEqual(["background 0", "live 0", "live 1", "live 2", "live 3", "live 4"])
    expect(granted).toHaveLength(12)
  })

  it("runs background work alone at the plugin's pace, and holds it for the window at the live reserve", async () => {
    const { budget } = makeBudget()
    budget.observe(FIRST_ANSWER_40_PER_10_S)
    const granted: string[] = []
    takeMany(budget, "background", 200, granted)

    await jest.advanceTimersByTimeAsync(7_900)
    expect(count(granted, "background")).toBe(24)

    // Omnisend says 16 are left of 40: background has had its 60 %, the rest is the live reserve.
    budget.observe({ limit: 40, remaining: 16, resetSeconds: 6 })
    const before = count(granted, "background")
    takeMany(budget, "live", 4, granted)
    await jest.advanceTimersByTimeAsync(5_000)
    expect(count(granted, "background")).toBe(before)
    expect(count(granted, "live")).toBe(4)
    await jest.advanceTimersByTimeAsync(2_000)
    expect(count(granted, "background")).toBeGreaterThan(before)
  })

  it("a live request does not wait out a background wait", async () => {
    const { budget } = makeBudget()
    budget.observe(FIRST_ANSWER_40_PER_10_S)
    // Only the live reserve and the others' part are left: background holds for 6 s.
    budget.observe({ limit: 40, remaining: 16, resetSeconds: 6 })
    const granted: string[] = []
    takeMany(budget, "background", 1, granted)
    await jest.advanceTimersByTimeAsync(1_000)
    expect(granted).toEqual([])

    takeMany(budget, "live", 1, granted)
    await jest.advanceTimersByTimeAsync(0)
    expect(granted).toEqual(["live 0"])
    await jest.advanceTimersByTimeAsync(5_200)
    expect(granted).toEqual(["live 0", "background 0"])
  })

  it("holds every request until the reset once Omnisend says the window is nearly spent, by whomever", async () => {
    const { budget } = makeBudget()
    budget.observe(FIRST_ANSWER_40_PER_10_S)
    budget.observe({ limit: 40, remaining: 8, resetSeconds: 6 })
    const granted: string[] = []
    takeMany(budget, "live", 1, granted)

    await jest.advanceTimersByTimeAsync(5_900)
    expect(granted).toEqual([])
    await jest.advanceTimersByTimeAsync(200)
    expect(granted).toEqual(["live 0"])
  })

  it("sends unpaced, and says so once, when its counters cannot be read", async () => {
    class UnreachableStore extends RateLimiterMemory {
      override consume(): never {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432")
      }
    }
    const unreachable = new UnreachableStore({ points: 1, duration: 1 })
    const { budget, warnings } = makeBudget({ all: unreachable, background: unreachable })
    const granted: string[] = []
    takeMany(budget, "live", 15, granted)

    await jest.advanceTimersByTimeAsync(0)
    expect(granted).toHaveLength(15)
    expect(warnings).toEqual([
      "Omnisend: the shared request budget could not be read (connect ECONNREFUSED 127.0.0.1:5432); requests go out unpaced until it can.",
    ])
  })
})
