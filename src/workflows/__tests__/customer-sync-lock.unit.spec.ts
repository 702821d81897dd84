import { configManager } from "@medusajs/framework/config"
import { longestRequestDurationMs } from "../../modules/omnisend/client/longest-request-duration"
import { DEFAULT_LIVE_BUDGET_MAX_WAIT_MS } from "../../modules/omnisend/client/omnisend-client"
import { DEFAULT_MAX_RETRY_DELAY_MS } from "../../modules/omnisend/client/retry-policy"
import { parseOmnisendOptions } from "../../modules/omnisend/options"
import { customerSyncLock, customerSyncLockTtlSeconds, OMNISEND_CALLS_UNDER_CUSTOMER_LOCK } from "../customer-sync-lock"

function loadConfig(options: Record<string, unknown>) {
  configManager.loadConfig({
    projectConfig: {
      projectConfig: { databaseUrl: "postgres://localhost/test", http: { jwtSecret: "s", cookieSecret: "s" } },
      modules: { omnisend: { resolve: "medusa-plugin-omnisend/modules/omnisend", options } },
    } as any,
    baseDir: process.cwd(),
  })
}

function chainsUnderLockMs(requestTimeoutMs: number, maxRetries: number): number {
  const limits = { timeoutMs: requestTimeoutMs, maxRetries, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS }
  return OMNISEND_CALLS_UNDER_CUSTOMER_LOCK * longestRequestDurationMs(limits)
}

describe("customerSyncLock", () => {
  it("outlives the retry chains of a sync with the default options (about 2 x 223 s)", () => {
    const defaults = parseOmnisendOptions({})
    loadConfig({})
    const { ttl } = customerSyncLock("cus_1")
    expect(ttl * 1000).toBeGreaterThan(chainsUnderLockMs(defaults.requestTimeoutMs, defaults.maxRetries))
    expect(ttl * 1000).toBeGreaterThan(2 * 223_000)
  })

  it("also outlives the waits for the shared request budget of every attempt", () => {
    const defaults = parseOmnisendOptions({})
    loadConfig({})
    const { ttl } = customerSyncLock("cus_1")
    const budgetWaits = OMNISEND_CALLS_UNDER_CUSTOMER_LOCK * (defaults.maxRetries + 1) * DEFAULT_LIVE_BUDGET_MAX_WAIT_MS
    expect(ttl * 1000).toBeGreaterThan(chainsUnderLockMs(defaults.requestTimeoutMs, defaults.maxRetries) + budgetWaits)
  })

  it("follows the merchant's requestTimeoutMs and maxRetries", () => {
    loadConfig({ requestTimeoutMs: 30_000, maxRetries: 6 })
    const { ttl } = customerSyncLock("cus_1")
    expect(ttl * 1000).toBeGreaterThan(chainsUnderLockMs(30_000, 6))
  })

  it.each([
    [1_000, 0],
    [10_000, 3],
    [120_000, 10],
  ])("ttl covers the chains for a %p ms timeout and %p retries", (timeoutMs, maxRetries) => {
    const ttlSeconds = customerSyncLockTtlSeconds({ timeoutMs, maxRetries, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS })
    expect(ttlSeconds * 1000).toBeGreaterThan(chainsUnderLockMs(timeoutMs, maxRetries))
  })

  it("keeps its key and a fresh owner per run", () => {
    const limits = { timeoutMs: 10_000, maxRetries: 3, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS }
    const first = customerSyncLock("cus_1", limits)
    const second = customerSyncLock("cus_1", limits)
    expect(first.key).toBe("omnisend:customer:cus_1")
    expect(first.ownerId).not.toBe(second.ownerId)
  })
})
