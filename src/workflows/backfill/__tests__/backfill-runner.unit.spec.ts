import {
  connectionRefusedError,
  connectionTerminatedError,
  duplicateKeyError,
  PERSONAL_DATA,
  poolTimeoutError,
  terminatedWhileSelectingError,
} from "../../../lib/__tests__/internal-error-fixtures"
import { DEFAULT_CONSENT_KEYS } from "../../../mapping"
import { OmnisendAuthError, OmnisendNotFoundError } from "../../../modules/omnisend/client"
import { BackfillRunner, WAITING_FOR_KEY, type BackfillRunnerOptions } from "../backfill-runner"
import type { BackfillRunState } from "../backfill-types"
import {
  customersNumbered,
  FakeBatchApi,
  FakeCustomers,
  FakeLedger,
  FakeRuns,
  newRunState,
} from "./fake-backfill-ports"

const mapping = { tags: [], customPropertyKeys: [], consentKeys: DEFAULT_CONSENT_KEYS, sendWelcomeMessage: false }

function setup(customerCount: number) {
  return {
    customers: new FakeCustomers(customersNumbered(customerCount)),
    ledger: new FakeLedger(),
    runs: new FakeRuns(),
    api: new FakeBatchApi(),
  }
}

type Ports = ReturnType<typeof setup>

function runner(ports: Ports, options: Partial<BackfillRunnerOptions> = {}) {
  return new BackfillRunner(ports, { mapping, pageSize: 4, maxBatchItems: 3, pollDelayMs: () => 0, ...options })
}

describe("BackfillRunner", () => {
  it("sends every customer once, in batches of at most the adapter's size, and records each outcome", async () => {
    const ports = setup(10)
    ports.customers.customers[6].email = null

    const outcome = await runner(ports).run(newRunState())

    expect(outcome).toEqual({ status: "completed", discarded: false })
    expect(ports.api.batches.map((batch) => batch.items.length)).toEqual([3, 3, 3])
    expect(ports.api.sentCustomerIds().sort()).toEqual(
      ports.customers.customers.filter((customer) => customer.email).map((customer) => customer.id)
    )
    // Every batch finished without an error: no item was read, so Omnisend named no contact ids.
    expect(ports.ledger.row("cus_001")).toEqual(
      expect.objectContaining({ state: "synced", contact_id: null, batch_id: null, pending: null })
    )
    expect(ports.api.calls).toEqual(expect.objectContaining({ createBatch: 3, getBatchItems: 0, getBatch: 0 }))
    expect(ports.ledger.row("cus_007")).toEqual(expect.objectContaining({ state: "skipped", last_error: "customer has no email" }))
    expect(ports.runs.finished).toEqual({
      status: "completed",
      state: expect.objectContaining({
        total: 10,
        processed: 10,
        succeeded: 9,
        skipped: 1,
        failed: 0,
        batches: 3,
        cursor: "cus_010",
        pending_batches: [],
      }),
    })
    expect(ports.runs.finished!.state.report).toEqual(
      expect.objectContaining({ created: 9, skipped: { "customer has no email": 1 } })
    )
  })

  it("stamps each sent customer with a time taken before it was read, so its batch settles only the sync requests it carried", async () => {
    const ports = setup(3)
    let clock = Date.parse("2026-12-05T10:00:00.000Z")
    const now = () => new Date((clock += 1_000))
    let clockAtRead: number | null = null
    const readAfter = ports.customers.readAfter.bind(ports.customers)
    ports.customers.readAfter = async (cursor, take) => {
      clockAtRead ??= clock
      return readAfter(cursor, take)
    }
    const stamps: unknown[] = []
    const recordSent = ports.ledger.recordSent.bind(ports.ledger)
    ports.ledger.recordSent = async (batchId, rows, at) => {
      stamps.push(...rows.map((row) => JSON.parse(row.pending_json).read_at))
      return recordSent(batchId, rows, at)
    }

    await runner(ports, { now }).run(newRunState())

    expect(stamps).toHaveLength(3)
    for (const stamp of stamps) {
      expect(typeof stamp).toBe("string")
      expect(Date.parse(stamp as string)).toBeLessThanOrEqual(clockAtRead!)
    }
  })

  it("never checkpoints a cursor past a customer whose batch was not sent, so a resumed run misses no one", async () => {
    const ports = setup(11)
    // Omnisend is slow: both batches are still out when the process stops.
    const first = await runner(ports, { stopAfterBatches: 2, pollDelayMs: () => 60_000 }).run(newRunState())
    expect(first.status).toBe("interrupted")
    expect(ports.runs.finished).toBeNull()

    const checkpoint: BackfillRunState = ports.runs.last
    const sentSoFar = ports.api.sentCustomerIds()
    expect(sentSoFar).toEqual(["cus_001", "cus_002", "cus_003", "cus_004", "cus_005", "cus_006"])
    // Customer 7 was read and packed, but its batch was not sent.
    expect(checkpoint.cursor).toBe("cus_006")
    expect(checkpoint.pending_batches.map((entry) => entry.batch_id)).toEqual(["batch001", "batch002"])

    // A fresh process picks the run up from its last checkpoint.
    const second = await runner(ports).run(checkpoint)
    expect(second).toEqual({ status: "completed", discarded: false })
    const sent = ports.api.sentCustomerIds()
    expect(sent).toHaveLength(11)
    expect(new Set(sent).size).toBe(11)
    expect([...ports.ledger.rows.values()].every((row) => row.state === "synced")).toBe(true)
    expect(ports.runs.finished!.state).toEqual(expect.objectContaining({ succeeded: 11, processed: 11, batches: 4 }))
  })

  it("sends items that failed with 503 again in a later batch, at most maxAttempts times in all", async () => {
    const ports = setup(5)
    ports.api.outcome = (customerId) => (customerId === "cus_002" ? 503 : 200)

    await runner(ports, { maxAttempts: 3 }).run(newRunState())

    expect(ports.api.sentCustomerIds().filter((id) => id === "cus_002")).toHaveLength(3)
    expect(ports.ledger.row("cus_002")).toEqual(
      expect.objectContaining({ state: "failed", attempts: 1, last_error_code: "OMNISEND_UNAVAILABLE", customer_updated_at: null })
    )
    const { state } = ports.runs.finished!
    expect(state).toEqual(expect.objectContaining({ succeeded: 4, failed: 1, processed: 5 }))
    expect(state.report.resent).toBe(2)
    expect(Object.keys(state.report.failed)).toEqual([expect.stringContaining("Omnisend is temporarily unavailable")])
  })

  it("records data Omnisend refused once, as seen, so only a change of the customer sends it again", async () => {
    const ports = setup(3)
    ports.api.outcome = (customerId) => (customerId === "cus_003" ? 400 : 200)

    await runner(ports).run(newRunState())

    expect(ports.api.sentCustomerIds().filter((id) => id === "cus_003")).toHaveLength(1)
    expect(ports.ledger.row("cus_003")).toEqual(
      expect.objectContaining({ state: "failed", last_error_code: "OMNISEND_INVALID_DATA", customer_updated_at: new Date("2026-02-01T00:00:00.000Z") })
    )
  })

  it("sends items Omnisend left unprocessed again", async () => {
    const ports = setup(3)
    let unprocessedLeft = 1
    ports.api.outcome = (customerId) => (customerId === "cus_002" && unprocessedLeft-- > 0 ? null : 200)

    const outcome = await runner(ports).run(newRunState())

    expect(outcome.status).toBe("completed")
    expect(ports.api.sentCustomerIds()).toEqual(["cus_001", "cus_002", "cus_003", "cus_002"])
    expect(ports.ledger.row("cus_002").state).toBe("synced")
    expect(ports.runs.finished!.state.report.resent).toBe(1)
  })

  it("in changed mode, sends only customers never synced or changed since, and discards a run with nothing to do", async () => {
    const ports = setup(6)
    await runner(ports).run(newRunState())
    ports.api.batches = []
    ports.customers.customers[4].updated_at = "2026-03-01T00:00:00.000Z"
    ports.customers.customers[4].first_name = "Changed"

    const changed = await runner(ports).run(newRunState({ mode: "changed" }))

    expect(changed).toEqual({ status: "completed", discarded: false })
    expect(ports.api.sentCustomerIds()).toEqual(["cus_005"])
    expect(ports.runs.finished!.state.report).toEqual(expect.objectContaining({ updated: 1, unchanged: 5 }))

    ports.api.batches = []
    const idle = await runner(ports).run(newRunState({ id: "ombf_idle", mode: "changed" }))
    expect(idle).toEqual({ status: "completed", discarded: true })
    expect(ports.runs.discarded).toBe("ombf_idle")
    expect(ports.api.batches).toEqual([])
  })

  it("in a full run, sends nothing for contacts already up to date and rewrites only ledger rows that are behind", async () => {
    const ports = setup(4)
    await runner(ports).run(newRunState())
    ports.api.batches = []
    ports.ledger.row("cus_002").customer_updated_at = new Date("2026-01-15T00:00:00.000Z")

    await runner(ports).run(newRunState({ id: "ombf_second" }))

    expect(ports.api.batches).toEqual([])
    expect(ports.ledger.unchangedWrites).toBe(1)
    expect(ports.ledger.row("cus_002").customer_updated_at).toEqual(new Date("2026-02-01T00:00:00.000Z"))
    expect(ports.runs.finished!.state).toEqual(expect.objectContaining({ processed: 4, succeeded: 0, batches: 0 }))
    expect(ports.runs.finished!.state.report.unchanged).toBe(4)
  })

  it("counts in a dry run what would be sent, without a call to Omnisend or a ledger write", async () => {
    const ports = setup(7)
    ports.customers.customers[0].metadata = { email_marketing_consent: true }
    ports.customers.customers[1].email = "not-an-email"

    await new BackfillRunner({ ...ports, api: null }, { mapping, pageSize: 4, maxBatchItems: 3 }).run(newRunState({ dry_run: true }))

    expect(ports.api.batches).toEqual([])
    expect(ports.ledger.rows.size).toBe(0)
    expect(ports.runs.finished!.state).toEqual(
      expect.objectContaining({ processed: 7, skipped: 1, succeeded: 0, batches: 2, cursor: "cus_007" })
    )
    expect(ports.runs.finished!.state.report).toEqual(
      expect.objectContaining({
        created: 6,
        skipped: { "email *** is not a valid email address": 1 },
        subscribed: { email: 1, sms: 0 },
      })
    )
  })

  it("stops without finishing the run when halted, e.g. when another process took the lock", async () => {
    const ports = setup(9)
    const backfill = runner(ports)
    const createBatch = ports.api.createBatch.bind(ports.api)
    ports.api.createBatch = async (body) => {
      backfill.halt("another process took over the backfill lock")
      return createBatch(body)
    }

    const outcome = await backfill.run(newRunState())

    expect(outcome).toEqual({ status: "interrupted", reason: "another process took over the backfill lock" })
    expect(ports.runs.finished).toBeNull()
    // The batch that was out when the lock was lost is left for the new owner: no ledger write.
    expect(ports.ledger.rows.size).toBe(0)
  })

  it("fails the run with a merchant-readable reason when Omnisend rejects the key, and marks it waiting for the key", async () => {
    const ports = setup(3)
    ports.api.createBatch = async () => {
      throw new OmnisendAuthError({ status: 401, operation: "creating a batch" })
    }

    const outcome = await runner(ports).run(newRunState())

    expect(outcome).toEqual({ status: "waiting_for_key", reason: expect.stringContaining("Omnisend rejected the API key") })
    expect(ports.runs.finished).toEqual({
      status: "failed",
      state: expect.objectContaining({
        last_error: expect.stringContaining("Settings -> Omnisend"),
        report: expect.objectContaining({ waiting_for_key: true }),
      }),
    })
    expect(ports.runs.finished!.state.last_error).toContain(WAITING_FOR_KEY)
  })

  it("makes at most one call after the key is first refused, and continues where it stopped once the key works", async () => {
    const ports = setup(10)
    const calls: string[] = []
    let revoked = false
    for (const method of ["createBatch", "getBatch", "getBatchItems", "listContactBatches"] as const) {
      const answer = ports.api[method].bind(ports.api) as (...args: unknown[]) => Promise<unknown>
      ;(ports.api as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        if (revoked) {
          calls.push(`${method} 401`)
          throw new OmnisendAuthError({ status: 401, operation: method })
        }
        calls.push(`${method} 200`)
        const result = await answer(...args)
        // The key is revoked in Omnisend right after it accepted the first batch.
        revoked = method === "createBatch" && ports.api.batches.length === 1
        return result
      }
    }

    const outcome = await runner(ports).run(newRunState())

    expect(outcome).toEqual({ status: "waiting_for_key", reason: expect.stringContaining("Omnisend rejected the API key") })
    const firstRefusal = calls.findIndex((call) => call.endsWith("401"))
    expect(firstRefusal).toBeGreaterThan(0)
    expect(calls.length - firstRefusal - 1).toBeLessThanOrEqual(1)
    const { state, status } = ports.runs.finished!
    expect(status).toBe("failed")
    expect(state.report.waiting_for_key).toBe(true)
    // The accepted batch is kept to be followed, and the cursor passed no customer that was not sent.
    expect(state.pending_batches).toEqual([expect.objectContaining({ batch_id: "batch001", customer_ids: ["cus_001", "cus_002", "cus_003"] })])
    expect([null, "cus_001", "cus_002", "cus_003"]).toContain(state.cursor)

    // The key works again and the run is reopened as it was checkpointed.
    revoked = false
    const resumed = await runner(ports).run({ ...state, last_error: null, report: { ...state.report, waiting_for_key: false } })

    expect(resumed).toEqual({ status: "completed", discarded: false })
    const sent = ports.api.sentCustomerIds()
    expect(sent).toHaveLength(10)
    expect(new Set(sent)).toEqual(new Set(ports.customers.customers.map((customer) => customer.id)))
    expect([...ports.ledger.rows.values()].every((row) => row.state === "synced")).toBe(true)
    expect(ports.runs.finished).toEqual({ status: "completed", state: expect.objectContaining({ succeeded: 10, last_error: null }) })
  })

  it("fails the run on a database error with a reason that quotes no statement, parameter or email", async () => {
    const ports = setup(3)
    ports.ledger.recordSent = async () => {
      throw duplicateKeyError()
    }

    const outcome = await runner(ports).run(newRunState())

    const reason =
      "The backfill stopped. The database refused a write that breaks one of its rules (code 23505), constraint " +
      "IDX_omnisend_sync_ledger_customer_id_unique, while working through backfill run ombf_test. Start it again in " +
      "Settings -> Omnisend or let the next scheduled run continue: customers already sent are not sent again."
    expect(outcome).toEqual({ status: "failed", error: reason })
    expect(ports.runs.finished).toEqual({ status: "failed", state: expect.objectContaining({ last_error: reason }) })
    for (const secret of PERSONAL_DATA) {
      expect(reason).not.toContain(secret)
    }
  })

  it("rides out a short loss of the database: reads and writes are tried again, the run completes, no one is sent twice", async () => {
    const ports = setup(10)
    const failFirst = <T extends object, K extends keyof T>(port: T, method: K, times: number, error: () => unknown) => {
      const real = (port[method] as (...args: unknown[]) => Promise<unknown>).bind(port)
      let failures = 0
      const calls = { count: 0 }
      ;(port as Record<K, unknown>)[method] = async (...args: unknown[]) => {
        calls.count++
        if (failures++ < times) {
          throw error()
        }
        return real(...args)
      }
      return calls
    }
    const reads = failFirst(ports.customers, "readAfter", 1, connectionRefusedError)
    const sentWrites = failFirst(ports.ledger, "recordSent", 2, terminatedWhileSelectingError)
    const succeededWrites = failFirst(ports.ledger, "recordSucceeded", 1, connectionTerminatedError)
    const saves = failFirst(ports.runs, "save", 3, poolTimeoutError)

    const outcome = await runner(ports, { databaseRetryDelaysMs: [0, 0, 0, 0] }).run(newRunState())

    expect(outcome).toEqual({ status: "completed", discarded: false })
    expect(reads.count).toBeGreaterThan(1)
    // Four batches (3, 3, 3, 1), each recorded once, plus the failed tries.
    expect(sentWrites.count).toBe(4 + 2)
    expect(succeededWrites.count).toBe(4 + 1)
    expect(saves.count).toBeGreaterThan(3)
    const sent = ports.api.sentCustomerIds()
    expect(sent).toHaveLength(10)
    expect(new Set(sent).size).toBe(10)
    expect([...ports.ledger.rows.values()].every((row) => row.state === "synced" && row.batch_id === null)).toBe(true)
    expect(ports.runs.finished).toEqual({ status: "completed", state: expect.objectContaining({ succeeded: 10, last_error: null }) })
  })

  it("fails the run once the database stays away longer than its retries, saying what failed and for how long", async () => {
    const ports = setup(3)
    let attempts = 0
    ports.ledger.recordSent = async () => {
      attempts++
      throw terminatedWhileSelectingError()
    }

    const outcome = await runner(ports, { databaseRetryDelaysMs: [0, 0] }).run(newRunState())

    expect(attempts).toBe(3)
    expect(outcome).toEqual({
      status: "failed",
      error:
        "The backfill stopped. The database refused or lost the connection (code 57P01) while recording a sent batch in " +
        "the sync ledger (tried 3 times over 0 s). Start it again in Settings -> Omnisend or let the next scheduled run " +
        "continue: customers already sent are not sent again.",
    })
  })

  it("reads the items of a batch only when one failed, matching results by request (not position), and records the ids then named", async () => {
    const ports = setup(6)
    ports.api.outcome = (customerId) => (customerId === "cus_002" ? 400 : 200)

    await runner(ports).run(newRunState())

    // Two batches of three; only the first had a failure.
    expect(ports.api.calls.getBatchItems).toBe(1)
    expect(ports.ledger.row("cus_001")).toEqual(expect.objectContaining({ state: "synced", contact_id: "contact-cus_001" }))
    expect(ports.ledger.row("cus_003")).toEqual(expect.objectContaining({ state: "synced", contact_id: "contact-cus_003" }))
    expect(ports.ledger.row("cus_002")).toEqual(expect.objectContaining({ state: "failed", contact_id: null }))
    expect(ports.ledger.row("cus_004")).toEqual(expect.objectContaining({ state: "synced", contact_id: null }))
  })

  it("re-sends items that failed with 403, 408, 429 or 503", async () => {
    for (const status of [403, 408, 429, 503]) {
      const ports = setup(2)
      let failures = 1
      ports.api.outcome = (customerId) => (customerId === "cus_001" && failures-- > 0 ? status : 200)

      await runner(ports).run(newRunState())

      expect(ports.api.sentCustomerIds()).toEqual(["cus_001", "cus_002", "cus_001"])
      expect(ports.ledger.row("cus_001").state).toBe("synced")
    }
  })

  it("follows all batches in flight with one list call, and asks for a batch by id when the list does not answer", async () => {
    const listed = setup(9)
    await runner(listed, { maxInFlight: 3 }).run(newRunState())
    expect(listed.api.calls.getBatch).toBe(0)
    expect(listed.api.calls.listContactBatches).toBeLessThanOrEqual(3)

    const unlisted = setup(9)
    unlisted.api.listContactBatches = async () => {
      throw new OmnisendNotFoundError({ status: 404, operation: "listing batches" })
    }
    const outcome = await runner(unlisted, { maxInFlight: 3 }).run(newRunState())
    expect(outcome.status).toBe("completed")
    expect(unlisted.api.calls.getBatch).toBe(3)
    expect(unlisted.ledger.row("cus_009").state).toBe("synced")
  })

  it("sends again the customers of a batch Omnisend no longer knows (removed after 7 days)", async () => {
    const ports = setup(3)
    const first = await runner(ports, { stopAfterBatches: 1 }).run(newRunState())
    expect(first.status).toBe("interrupted")
    const expired = new OmnisendNotFoundError({ status: 404, operation: "reading a batch" })
    ports.api.listContactBatches = async () => []
    const getBatch = ports.api.getBatch.bind(ports.api)
    ports.api.getBatch = async (batchId) => {
      if (batchId === "batch001") throw expired
      return getBatch(batchId)
    }

    const outcome = await runner(ports).run(ports.runs.last)

    expect(outcome.status).toBe("completed")
    expect(ports.api.sentCustomerIds()).toEqual(["cus_001", "cus_002", "cus_003", "cus_001", "cus_002", "cus_003"])
    expect(["cus_001", "cus_002", "cus_003"].map((id) => ports.ledger.row(id).state)).toEqual(["synced", "synced", "synced"])
    expect(ports.runs.finished!.state.report.resent).toBe(3)
  })

  it("never checkpoints a cursor past a batch that waits for the one being POSTed", async () => {
    const ports = setup(5)
    const createBatch = ports.api.createBatch.bind(ports.api)
    let releaseFirst!: () => void
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    ports.api.createBatch = async (body) => {
      if (ports.api.batches.length === 0) {
        // The last batch (customers 4 and 5) is packed and queued while this POST is out.
        setTimeout(releaseFirst, 20)
        await firstHeld
      }
      return createBatch(body)
    }

    const first = await runner(ports, { stopAfterBatches: 1, pollDelayMs: () => 60_000 }).run(newRunState())

    expect(first.status).toBe("interrupted")
    expect(ports.api.sentCustomerIds()).toEqual(["cus_001", "cus_002", "cus_003"])
    expect(ports.runs.last.cursor).toBe("cus_003")
    ports.api.createBatch = createBatch
    const second = await runner(ports).run(ports.runs.last)
    expect(second.status).toBe("completed")
    expect(new Set(ports.api.sentCustomerIds())).toEqual(new Set(["cus_001", "cus_002", "cus_003", "cus_004", "cus_005"]))
  })
})
