import { InternalFailureError } from "../../../lib/describe-internal-error"
import {
  connectionTerminatedError,
  duplicateKeyError,
  PERSONAL_DATA,
  terminatedWhileSelectingError,
} from "../../../lib/__tests__/internal-error-fixtures"
import { BACKFILL_HEARTBEAT_MS, BACKFILL_LOCK_TTL_SECONDS } from "../backfill-lock"
import {
  DATABASE_RETRY_BUDGET_MS,
  databaseRetryDelaysMs,
  MAX_DATABASE_RETRY_DELAY_MS,
  retryTransientDatabaseFailures,
} from "../database-retry"

function failingTimes(times: number, error: () => unknown) {
  let calls = 0
  const call = jest.fn(async () => {
    calls++
    if (calls <= times) {
      throw error()
    }
    return "written"
  })
  return call
}

describe("databaseRetryDelaysMs", () => {
  const delays = databaseRetryDelaysMs()
  const total = delays.reduce((sum, delay) => sum + delay, 0)

  it("doubles from 250 ms up to a 5 s cap", () => {
    expect(delays.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 5000])
    expect(Math.max(...delays)).toBe(MAX_DATABASE_RETRY_DELAY_MS)
  })

  it("rides out a 5 s loss of the database with retries to spare", () => {
    const cumulative = delays.map((_, index) => delays.slice(0, index + 1).reduce((sum, delay) => sum + delay, 0))
    expect(cumulative.findIndex((waited) => waited >= 5_000)).toBeLessThan(delays.length - 3)
  })

  it("never waits so long that the run looks stale: heartbeat interval, retries and one delay fit in the lock's lifetime", () => {
    expect(total).toBeLessThanOrEqual(DATABASE_RETRY_BUDGET_MS)
    expect(BACKFILL_HEARTBEAT_MS + total + MAX_DATABASE_RETRY_DELAY_MS).toBeLessThanOrEqual(BACKFILL_LOCK_TTL_SECONDS * 1000)
    expect(total).toBeGreaterThanOrEqual(30_000)
  })
})

describe("retryTransientDatabaseFailures", () => {
  const options = { delaysMs: [0, 0, 0], sleep: jest.fn(async () => undefined) }

  it("tries again while the connection is lost, and answers once it is back", async () => {
    const call = failingTimes(2, terminatedWhileSelectingError)
    await expect(retryTransientDatabaseFailures(call, "saving the run's checkpoint", options)).resolves.toBe("written")
    expect(call).toHaveBeenCalledTimes(3)
  })

  it("tells each retry in words safe to log: what failed, by code, and when it is tried again", async () => {
    const notices: string[] = []
    const call = failingTimes(2, connectionTerminatedError)
    await retryTransientDatabaseFailures(call, "saving the run's checkpoint", { ...options, onRetry: (notice) => notices.push(notice) })
    expect(notices).toEqual([
      "the database refused or lost the connection while saving the run's checkpoint; trying again in 0 ms (retry 1 of 3)",
      "the database refused or lost the connection while saving the run's checkpoint; trying again in 0 ms (retry 2 of 3)",
    ])
  })

  it("does not retry what another try cannot fix", async () => {
    const call = failingTimes(1, duplicateKeyError)
    await expect(retryTransientDatabaseFailures(call, "recording a sent batch", options)).rejects.toMatchObject({ code: "23505" })
    expect(call).toHaveBeenCalledTimes(1)
  })

  it("gives up after the last delay with a description that quotes no statement", async () => {
    const call = failingTimes(10, terminatedWhileSelectingError)
    const failure = await retryTransientDatabaseFailures(call, "saving the run's checkpoint", {
      ...options,
      delaysMs: [1_000, 2_000],
      sleep: async () => undefined,
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(InternalFailureError)
    expect((failure as Error).message).toBe(
      "The database refused or lost the connection (code 57P01) while saving the run's checkpoint (tried 3 times over 3 s)."
    )
    for (const secret of PERSONAL_DATA) {
      expect((failure as Error).message).not.toContain(secret)
    }
  })

  it("stops retrying when the run stops meanwhile", async () => {
    const call = failingTimes(10, connectionTerminatedError)
    const halted = new Error("halted")
    await expect(
      retryTransientDatabaseFailures(call, "reading a page of customers", { delaysMs: [0, 0], sleep: async () => Promise.reject(halted) })
    ).rejects.toBe(halted)
    expect(call).toHaveBeenCalledTimes(1)
  })
})
