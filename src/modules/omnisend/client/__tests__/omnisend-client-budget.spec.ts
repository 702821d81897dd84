import { startOmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import type { OmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import { OmnisendClient } from "../omnisend-client"
import type { OmnisendClientOptions } from "../omnisend-client"
import type { RateLimitObservation, RequestBudget, RequestPriority } from "../request-budget"

let emulator: OmnisendEmulator

beforeAll(async () => {
  emulator = await startOmnisendEmulator({ port: 0 })
})

afterAll(async () => {
  await emulator.stop()
})

beforeEach(() => {
  emulator.reset()
})

/** A budget that grants every request after `delayMs` and writes down what the client told it. */
class RecordingBudget implements RequestBudget {
  readonly taken: RequestPriority[] = []
  readonly observed: RateLimitObservation[] = []
  constructor(private readonly delayMs = 0) {}

  async take(priority: RequestPriority): Promise<boolean> {
    this.taken.push(priority)
    await new Promise((resolve) => setTimeout(resolve, this.delayMs))
    return true
  }

  observe(observation: RateLimitObservation): void {
    this.observed.push(observation)
  }
}

function makeClient(options: Partial<OmnisendClientOptions>): OmnisendClient {
  return new OmnisendClient({ apiKey: emulator.apiKey, apiUrl: emulator.url, baseDelayMs: 10, ...options })
}

const contact = {
  identifiers: [
    { type: "email" as const, id: "budget@example.com", channels: { email: { status: "nonSubscribed" as const, statusDate: "2020-01-01T00:00:00Z" } } },
  ],
}

describe("OmnisendClient and the request budget", () => {
  it("takes a request from the budget before every attempt, retries included, with its priority", async () => {
    const budget = new RecordingBudget()
    emulator.failNext({ status: 503 })

    await makeClient({ budget, priority: "background" }).createContact(contact)

    expect(budget.taken).toEqual(["background", "background"])
    expect(emulator.state.requests()).toHaveLength(2)
  })

  it("fails a live call as rate limited, without calling, when the budget has nothing free within its wait", async () => {
    const exhausted: RequestBudget = { take: async () => false, observe: () => undefined }

    const failure = makeClient({ budget: exhausted, budgetMaxWaitMs: 50 }).createContact(contact)

    await expect(failure).rejects.toMatchObject({ code: "OMNISEND_RATE_LIMITED", retryable: true, budgetWaitMs: 50 })
    await expect(failure).rejects.toThrow("no call was made")
    expect(emulator.state.requests()).toHaveLength(0)
  })

  it("takes live requests unless told otherwise", async () => {
    const budget = new RecordingBudget()
    await makeClient({ budget }).getAccount()
    expect(budget.taken).toEqual(["live"])
  })

  it("reports the rate limit every answer announced, a refusal's too", async () => {
    emulator.configure({ rateLimit: { limit: 2, windowMs: 60_000 } })
    const budget = new RecordingBudget()
    const client = makeClient({ budget, maxRetries: 0 })

    await client.getAccount()
    await client.getAccount()
    await expect(client.getAccount()).rejects.toMatchObject({ status: 429 })

    expect(budget.observed).toEqual([
      { limit: 2, remaining: 1, resetSeconds: 60 },
      { limit: 2, remaining: 0, resetSeconds: 60 },
      { limit: 2, remaining: 0, resetSeconds: 60 },
    ])
  })

  it("reports nothing for answers without rate-limit headers", async () => {
    const budget = new RecordingBudget()
    await makeClient({ budget }).getAccount()
    expect(budget.observed).toEqual([])
  })

  it("does not count the wait for the budget against the request timeout", async () => {
    const budget = new RecordingBudget(300)
    await expect(makeClient({ budget, timeoutMs: 200, maxRetries: 0 }).getAccount()).resolves.toEqual(
      expect.objectContaining({ brandID: expect.any(String) })
    )
  })
})
