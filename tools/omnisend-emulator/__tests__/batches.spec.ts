import { startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailAndPhoneContact, emailContact, phoneIdentifier, sleep } from "./emulator-client"

const ID_PATTERN = /^[0-9a-f]{24}$/

// The guide's batch example, with its redacted addresses read as ordinary ones.
const GUIDE_BATCH_BODY = {
  method: "POST",
  endpoint: "contacts",
  items: [
    {
      identifiers: [
        {
          type: "email",
          id: "vanessa.kensington@example.com",
          channels: { email: { status: "subscribed", statusDate: "2019-05-30T14:11:12Z" } },
        },
      ],
    },
    {
      identifiers: [
        {
          type: "email",
          id: "vanessa@example.com",
          channels: { email: { status: "subscribed", statusDate: "2019-05-30T14:11:12Z" } },
        },
      ],
      firstName: "Vanessa",
    },
  ],
}

function contactBatch(items: unknown[]) {
  return { method: "POST", endpoint: "contacts", items }
}

function manyContacts(count: number, prefix = "user") {
  return Array.from({ length: count }, (_, index) => ({
    ...emailContact(`${prefix}${index}@example.com`, "subscribed", "2024-01-01T00:00:00Z"),
    firstName: `First${index}`,
    lastName: `Last${index}`,
    tags: ["source: medusa"],
    customProperties: { medusa_customer_id: `cus_${index}` },
  }))
}

describe("Omnisend emulator: batches", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>
  let randomValues: number[] = []

  beforeAll(async () => {
    emulator = await startOmnisendEmulator({ random: () => randomValues.shift() ?? 0.99 })
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => {
    emulator.reset()
    randomValues = []
  })

  it("accepts the guide's batch example and creates both contacts", async () => {
    const reply = await call("POST", "/batches", GUIDE_BATCH_BODY)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      batchID: expect.stringMatching(ID_PATTERN),
      method: "POST",
      endpoint: "contacts",
      status: "pending",
      totalCount: 2,
      finishedCount: 0,
      errorsCount: 0,
      createdAt: expect.any(String),
    })
    // Genuinely asynchronous: nothing is applied when the POST answers.
    expect(emulator.state.contacts()).toHaveLength(0)
    await emulator.waitForBatches()
    const summary = await call("GET", `/batches/${reply.body.batchID}`)
    expect(summary.body).toMatchObject({ status: "finished", totalCount: 2, finishedCount: 2, errorsCount: 0 })
    expect(summary.body).not.toHaveProperty("items")
    expect(emulator.state.contactByEmail("vanessa@example.com")?.firstName).toBe("Vanessa")
    expect(emulator.state.contactByEmail("vanessa.kensington@example.com")).toBeDefined()
  })

  it("moves a batch from pending to inProgress to finished, one tick each", async () => {
    emulator.configure({ batch: { tickMs: 80 } })
    const { body } = await call("POST", "/batches", contactBatch(manyContacts(3)))
    const statuses: string[] = []
    for (let attempt = 0; attempt < 100; attempt++) {
      const summary = await call("GET", `/batches/${body.batchID}`)
      if (statuses[statuses.length - 1] !== summary.body.status) statuses.push(summary.body.status)
      if (summary.body.status === "finished") {
        expect(summary.body.startedAt).toEqual(expect.any(String))
        expect(summary.body.endedAt).toEqual(expect.any(String))
        break
      }
      await sleep(10)
    }
    expect(statuses).toEqual(["pending", "inProgress", "finished"])
  })

  it("reports per-item results for valid and invalid items", async () => {
    emulator.state.seedContact(emailAndPhoneContact("owner@example.com", "+37060000001"))
    const items = [
      { ...emailContact("jane@example.com"), firstName: "Jane" },
      emailContact("not-an-email"),
      { identifiers: [phoneIdentifier("+37060000001")] },
    ]
    const { body } = await call("POST", "/batches", contactBatch(items))
    await emulator.waitForBatches()

    const summary = await call("GET", `/batches/${body.batchID}`)
    expect(summary.body).toMatchObject({ status: "finished", totalCount: 3, finishedCount: 3, errorsCount: 2 })
    const reply = await call("GET", `/batches/${body.batchID}/items`)
    expect(reply.status).toBe(200)
    expect(reply.body.batchID).toBe(body.batchID)
    expect(reply.body.items).toEqual([
      {
        itemID: expect.stringMatching(ID_PATTERN),
        request: items[0],
        responseCode: 200,
        response: expect.objectContaining({
          contactID: expect.stringMatching(ID_PATTERN),
          email: "jane@example.com",
          firstName: "Jane",
        }),
        status: "finished",
      },
      {
        itemID: expect.stringMatching(ID_PATTERN),
        request: items[1],
        responseCode: 400,
        response: { error: expect.any(String), fields: { "0": ["identifiers[0].id: must be a valid email address"] } },
        status: "failed",
      },
      {
        itemID: expect.stringMatching(ID_PATTERN),
        request: items[2],
        responseCode: 400,
        response: expect.objectContaining({ error: "Contact not created: identifier phone already belongs to another contact" }),
        status: "failed",
      },
    ])
    expect(emulator.state.batches()[0].items.map((item) => item.status)).toEqual(["finished", "failed", "failed"])
  })

  it("fails a share of items with 503 under batchItemFailureRate", async () => {
    emulator.configure({ faults: { batchItemFailureRate: 0.5 } })
    randomValues = [0.1, 0.9, 0.2, 0.8]
    const { body } = await call("POST", "/batches", contactBatch(manyContacts(4)))
    await emulator.waitForBatches()
    const { items } = (await call("GET", `/batches/${body.batchID}/items`)).body
    expect(items.map((item: { responseCode: number }) => item.responseCode)).toEqual([503, 200, 503, 200])
    expect(items[0]).toMatchObject({ status: "failed", response: { error: "Service unavailable" } })
    expect(emulator.state.contacts().map((contact) => contact.email)).toEqual(["user1@example.com", "user3@example.com"])
    expect((await call("GET", `/batches/${body.batchID}`)).body).toMatchObject({ status: "finished", errorsCount: 2 })
  })

  it("stops a batch once its errors exceed stopAfterErrors and skips the rest", async () => {
    emulator.configure({ batch: { stopAfterErrors: 1 } })
    const items = ["a@example.com", "bad", "worse", "d@example.com", "e@example.com"].map((email) => emailContact(email))
    const { body } = await call("POST", "/batches", contactBatch(items))
    await emulator.waitForBatches()
    const summary = (await call("GET", `/batches/${body.batchID}`)).body
    expect(summary).toMatchObject({
      status: "stopped",
      totalCount: 5,
      finishedCount: 3,
      errorsCount: 2,
      endedAt: expect.any(String),
    })
    const { items: results } = (await call("GET", `/batches/${body.batchID}/items`)).body
    expect(results.map((item: { status: string }) => item.status)).toEqual(["finished", "failed", "failed", "skipped", "skipped"])
    expect(results[3]).toMatchObject({ responseCode: null, response: null })
    expect(emulator.state.contactByEmail("d@example.com")).toBeUndefined()
  })

  it("refuses more than 1000 items", async () => {
    const items = manyContacts(1001).map((item) => ({ identifiers: item.identifiers }))
    const reply = await call("POST", "/batches", contactBatch(items))
    expect(reply.status).toBe(400)
    expect(reply.body.error).toBe("Too many items in batch: 1001 (at most 1000 per batch)")
    expect(emulator.state.batches()).toEqual([])
  })

  it("refuses other methods, endpoints and empty item lists", async () => {
    const patch = await call("POST", "/batches", { ...contactBatch([emailContact("a@example.com")]), method: "PATCH" })
    expect(patch.status).toBe(400)
    expect(patch.body.error).toMatch(/only "POST"/)
    const events = await call("POST", "/batches", { ...contactBatch([emailContact("a@example.com")]), endpoint: "events" })
    expect(events.status).toBe(400)
    expect(events.body.error).toMatch(/only "contacts"/)
    const empty = await call("POST", "/batches", contactBatch([]))
    expect(empty.status).toBe(400)
    expect(empty.body.error).toBe("items must be a non-empty array")
    expect(emulator.state.batches()).toEqual([])
  })

  it("refuses a body over 1 MB with 413 and records it", async () => {
    const items = Array.from({ length: 1000 }, (_, index) => ({
      ...emailContact(`user${index}@example.com`),
      customProperties: { padding: "x".repeat(1000) },
    }))
    const reply = await call("POST", "/batches", contactBatch(items))
    expect(reply.status).toBe(413)
    expect(reply.body).toEqual({ error: "Request body too large (max 1MB)" })
    expect(emulator.state.batches()).toEqual([])
    const [recorded] = emulator.state.requests()
    expect(recorded).toMatchObject({ method: "POST", path: "/v3/batches", status: 413, body: null })
    expect(recorded.bodyBytes).toBeGreaterThan(1_000_000)
    // The connection was closed cleanly: the next request works.
    expect((await call("GET", "/accounts")).status).toBe(200)
  })

  it("parses a body just under 1 MB and finishes a 1000-item batch within a few ticks", async () => {
    const items = manyContacts(1000).map((item) => ({
      ...item,
      customProperties: { ...item.customProperties, padding: "x".repeat(600) },
    }))
    const payload = JSON.stringify(contactBatch(items))
    expect(payload.length).toBeGreaterThan(800_000)
    expect(payload.length).toBeLessThan(1_000_000)
    const reply = await call("POST", "/batches", undefined, { rawBody: payload })
    expect(reply.status).toBe(200)
    await emulator.waitForBatches()
    expect(emulator.state.contacts()).toHaveLength(1000)
    const summary = (await call("GET", `/batches/${reply.body.batchID}`)).body
    expect(summary).toMatchObject({ status: "finished", finishedCount: 1000, errorsCount: 0 })
    // Two 20 ms ticks plus processing; the margin absorbs a loaded CI machine.
    expect(Date.parse(summary.endedAt) - Date.parse(summary.createdAt)).toBeLessThan(400)
  })

  it("answers 404 for unknown batches", async () => {
    expect((await call("GET", "/batches/0123456789abcdef01234567")).body).toEqual({ error: "Batch not found" })
    expect((await call("GET", "/batches/0123456789abcdef01234567/items")).status).toBe(404)
  })

  it("resolves waitForBatches at once when nothing is queued", async () => {
    await expect(emulator.waitForBatches()).resolves.toBeUndefined()
  })
})
