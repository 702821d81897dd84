import { budgetAccountKey, createRequestBudget } from "../create-request-budget"
import { SHARED_BUDGET_UNREADABLE } from "../process-local-fallback-limiter"

/** A knex connection whose database refuses every query, as one without the plugin's migration. */
function databaseWithoutTheTable() {
  const connection = { query: async () => Promise.reject(new Error('relation "omnisend_rate_budget" does not exist')) }
  return { client: { acquireConnection: async () => connection, releaseConnection: () => undefined } }
}

describe("createRequestBudget", () => {
  it("names the account by a hash, never by its API key", () => {
    const key = budgetAccountKey("secret-api-key-1234")
    expect(key).toMatch(/^[0-9a-f]{24}$/)
    expect(key).not.toContain("1234")
    expect(budgetAccountKey(" secret-api-key-1234\n")).toBe(key)
    expect(budgetAccountKey("another-key")).not.toBe(key)
  })

  it("keeps the pace in the process when the database cannot be used, and says why once", async () => {
    const warnings: string[] = []
    const budget = createRequestBudget({
      apiKey: "key",
      shares: { share: 0.8, liveReserve: 0.25 },
      pgConnection: databaseWithoutTheTable(),
      logger: { warn: (line) => warnings.push(line) },
    })
    let granted = 0
    const takes = Array.from({ length: 12 }, (_, i) => budget.take(i % 2 ? "live" : "background").then(() => granted++))

    await new Promise((resolve) => setTimeout(resolve, 300))
    // Before any answer: 10 every 2 s for all requests, as the shared counters would allow.
    expect(granted).toBe(10)
    expect(warnings).toEqual([SHARED_BUDGET_UNREADABLE])
    await Promise.all(takes)
  })
})
