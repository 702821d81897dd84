import { loadV3Contract, startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailAndPhoneContact, emailContact, invalidDataError, phoneIdentifier, sleep } from "./emulator-client"

const ID_PATTERN = /^[0-9a-f]{24}$/
const SUMMARY_KEYS = Object.keys(loadV3Contract().get_batch.body as object)
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000

interface ItemEntry {
  itemID: string
  request: unknown
  responseCode: number
  response: unknown
  status: string
}

// Results come in no particular order: tests sort them by itemID to read them.
function byItemID(entries: ItemEntry[]): ItemEntry[] {
  return [...entries].sort((left, right) => Number(left.itemID) - Number(right.itemID))
}

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

  it("accepts the guide's batch example, answers {batchID, totalCount} and creates both contacts", async () => {
    const reply = await call("POST", "/batches", GUIDE_BATCH_BODY)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ batchID: expect.stringMatching(ID_PATTERN), totalCount: 2 })
    // Genuinely asynchronous: nothing is applied when the POST answers.
    expect(emulator.state.contacts()).toHaveLength(0)
    await emulator.waitForBatches()
    const summary = await call("GET", `/batches/${reply.body.batchID}`)
    expect(summary.body).toEqual({
      batchID: reply.body.batchID,
      method: "POST",
      endpoint: "contacts",
      status: "finished",
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      endedAt: expect.any(String),
      totalCount: 2,
      finishedCount: 2,
      errorsCount: 0,
    })
    expect(Object.keys(summary.body)).toEqual(SUMMARY_KEYS)
    expect(emulator.state.contactByEmail("vanessa@example.com")?.firstName).toBe("Vanessa")
    expect(emulator.state.contactByEmail("vanessa.kensington@example.com")).toBeDefined()
  })

  it("moves a batch from pending to inProgress to finished, one tick each, dating each step when it is known", async () => {
    emulator.configure({ batch: { tickMs: 80 } })
    const { body } = await call("POST", "/batches", contactBatch(manyContacts(3)))
    const seen = new Map<string, Record<string, unknown>>()
    for (let attempt = 0; attempt < 100 && !seen.has("finished"); attempt++) {
      const summary = (await call("GET", `/batches/${body.batchID}`)).body
      if (!seen.has(summary.status)) seen.set(summary.status, summary)
      await sleep(10)
    }
    expect([...seen.keys()]).toEqual(["pending", "inProgress", "finished"])
    expect(seen.get("pending")).not.toHaveProperty("startedAt")
    expect(seen.get("pending")).not.toHaveProperty("endedAt")
    expect(seen.get("inProgress")).toEqual(expect.objectContaining({ startedAt: expect.any(String) }))
    expect(seen.get("inProgress")).not.toHaveProperty("endedAt")
    expect(seen.get("finished")).toEqual(
      expect.objectContaining({ startedAt: expect.any(String), endedAt: expect.any(String) })
    )
  })

  it("reports failed items in errors and succeeded ones in responses, each echoing its request", async () => {
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
    expect(Object.keys(reply.body)).toEqual([...SUMMARY_KEYS, "errors", "responses"])
    expect(reply.body).toMatchObject(summary.body)
    const jane = emulator.state.contactByEmail("jane@example.com")!
    expect(reply.body.responses).toEqual([
      {
        itemID: "1",
        request: items[0],
        responseCode: 200,
        response: { email: "jane@example.com", contactID: jane.contactID },
        status: "finished",
      },
    ])
    expect(byItemID(reply.body.errors)).toEqual([
      {
        itemID: "2",
        request: items[1],
        responseCode: 400,
        response: { error: invalidDataError(1), fields: { "0": ["identifiers[0].id: must be a valid email address"] } },
        status: "finished",
      },
      {
        itemID: "3",
        request: items[2],
        responseCode: 400,
        response: {
          error: invalidDataError(1),
          fields: { "0": [expect.stringMatching(/^identifiers: phone \+37060000001 already belongs to another contact/)] },
        },
        status: "finished",
      },
    ])
    const [stored] = emulator.state.batches()
    expect(stored.items.map((item) => [item.itemID, item.status])).toEqual([
      ["1", "finished"],
      ["2", "failed"],
      ["3", "failed"],
    ])
  })

  describe("the order of results", () => {
    const requestOf = (entry: { itemID: string }, items: unknown[]) => items[Number(entry.itemID) - 1]

    it("lists results so that none sits at its request position, the same on every read", async () => {
      const items = manyContacts(5)
      const { body } = await call("POST", "/batches", contactBatch(items))
      await emulator.waitForBatches()
      const { responses } = (await call("GET", `/batches/${body.batchID}/items`)).body
      expect(responses.map((entry: { itemID: string }) => entry.itemID).sort()).toEqual(["1", "2", "3", "4", "5"])
      responses.forEach((entry: { itemID: string; request: unknown }, position: number) => {
        expect(entry.itemID).not.toBe(String(position + 1))
        expect(entry.request).toEqual(requestOf(entry, items))
      })
      expect((await call("GET", `/batches/${body.batchID}/items`)).body.responses).toEqual(responses)
    })

    it("shuffles with the random option, errors and responses each", async () => {
      const items = ["a@example.com", "bad", "b@example.com", "worse", "c@example.com"].map((email) => emailContact(email))
      const { body } = await call("POST", "/batches", contactBatch(items))
      await emulator.waitForBatches()
      const reply = (await call("GET", `/batches/${body.batchID}/items`)).body
      // With random() at 0.99 Sattolo's shuffle rotates each list by one place.
      expect(reply.errors.map((entry: { itemID: string }) => entry.itemID)).toEqual(["4", "2"])
      expect(reply.responses.map((entry: { itemID: string }) => entry.itemID)).toEqual(["5", "1", "3"])
    })

    it("keeps request order with shuffleResults: false", async () => {
      emulator.configure({ batch: { shuffleResults: false } })
      const { body } = await call("POST", "/batches", contactBatch(manyContacts(4)))
      await emulator.waitForBatches()
      const { responses } = (await call("GET", `/batches/${body.batchID}/items`)).body
      expect(responses.map((entry: { itemID: string }) => entry.itemID)).toEqual(["1", "2", "3", "4"])
    })
  })

  describe("item failures", () => {
    it("fails a share of items with 503 under batchItemFailureRate", async () => {
      emulator.configure({ faults: { batchItemFailureRate: 0.5 } })
      randomValues = [0.1, 0.9, 0.2, 0.8]
      const { body } = await call("POST", "/batches", contactBatch(manyContacts(4)))
      await emulator.waitForBatches()
      const { errors, responses } = (await call("GET", `/batches/${body.batchID}/items`)).body
      expect(byItemID(errors).map((entry) => [entry.itemID, entry.responseCode, entry.response])).toEqual([
        ["1", 503, { error: "Service unavailable" }],
        ["3", 503, { error: "Service unavailable" }],
      ])
      expect(byItemID(responses).map((entry) => entry.itemID)).toEqual(["2", "4"])
      expect(emulator.state.contacts().map((contact) => contact.email)).toEqual(["user1@example.com", "user3@example.com"])
      expect((await call("GET", `/batches/${body.batchID}`)).body).toMatchObject({ status: "finished", errorsCount: 2 })
    })

    it.each([
      [403, { error: "Forbidden - the server understood the request, but is refusing it" }],
      [408, { error: "Request timeout" }],
      [429, { error: "Too many requests" }],
      [503, { error: "Service unavailable" }],
    ] as const)("fails them with batchItemFailureStatus %s", async (status, response) => {
      emulator.configure({ faults: { batchItemFailureRate: 1, batchItemFailureStatus: status } })
      const { body } = await call("POST", "/batches", contactBatch(manyContacts(1)))
      await emulator.waitForBatches()
      const { errors } = (await call("GET", `/batches/${body.batchID}/items`)).body
      expect(errors).toEqual([expect.objectContaining({ itemID: "1", responseCode: status, response, status: "finished" })])
    })

    it("fails the items of the listed emails with the given status, every time", async () => {
      emulator.configure({ faults: { failBatchItemsFor: { emails: ["user1@example.com", "user3@example.com"], status: 408 } } })
      for (let attempt = 0; attempt < 2; attempt++) {
        const { body } = await call("POST", "/batches", contactBatch(manyContacts(4)))
        await emulator.waitForBatches()
        const { errors, responses } = (await call("GET", `/batches/${body.batchID}/items`)).body
        expect(byItemID(errors).map((entry) => [entry.itemID, entry.responseCode])).toEqual([
          ["2", 408],
          ["4", 408],
        ])
        expect(byItemID(responses).map((entry) => entry.itemID)).toEqual(["1", "3"])
      }
      expect(emulator.state.contacts().map((contact) => contact.email)).toEqual(["user0@example.com", "user2@example.com"])
    })
  })

  it("stops a batch once its errors exceed stopAfterErrors and lists the unprocessed items nowhere", async () => {
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
    const { errors, responses } = (await call("GET", `/batches/${body.batchID}/items`)).body
    expect(byItemID(errors).map((entry) => entry.itemID)).toEqual(["2", "3"])
    expect(responses.map((entry: { itemID: string }) => entry.itemID)).toEqual(["1"])
    const [stored] = emulator.state.batches()
    expect(stored.items.map((item) => item.status)).toEqual(["finished", "failed", "failed", "skipped", "skipped"])
    expect(stored.items[3]).toMatchObject({ responseCode: null, response: null })
    expect(emulator.state.contactByEmail("d@example.com")).toBeUndefined()
  })

  it("refuses more than 1000 items", async () => {
    const items = manyContacts(1001).map((item) => ({ identifiers: item.identifiers }))
    const reply = await call("POST", "/batches", contactBatch(items))
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error: invalidDataError(1), fields: { "0": ["items: at most 1000 per batch, got 1001"] } })
    expect(emulator.state.batches()).toEqual([])
  })

  it("refuses other methods, endpoints and empty item lists", async () => {
    const patch = await call("POST", "/batches", { ...contactBatch([emailContact("a@example.com")]), method: "PATCH" })
    expect(patch.status).toBe(400)
    expect(patch.body.fields["0"]).toEqual(['method: only "POST" is supported, got "PATCH"'])
    const events = await call("POST", "/batches", { ...contactBatch([emailContact("a@example.com")]), endpoint: "events" })
    expect(events.status).toBe(400)
    expect(events.body.fields["0"]).toEqual(['endpoint: only "contacts" is supported, got "events"'])
    const empty = await call("POST", "/batches", contactBatch([]))
    expect(empty.status).toBe(400)
    expect(empty.body).toEqual({ error: invalidDataError(1), fields: { "0": ["items: must be a non-empty array"] } })
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

  describe("removal after 7 days", () => {
    afterEach(() => jest.restoreAllMocks())

    it("answers 404 for a batch older than 7 days", async () => {
      const { body } = await call("POST", "/batches", contactBatch(manyContacts(1)))
      await emulator.waitForBatches()
      const createdAt = Date.parse((await call("GET", `/batches/${body.batchID}`)).body.createdAt)
      jest.spyOn(Date, "now").mockReturnValue(createdAt + SEVEN_DAYS_MS - 1)
      expect((await call("GET", `/batches/${body.batchID}`)).status).toBe(200)
      jest.spyOn(Date, "now").mockReturnValue(createdAt + SEVEN_DAYS_MS)
      expect((await call("GET", `/batches/${body.batchID}`)).status).toBe(404)
      expect((await call("GET", `/batches/${body.batchID}/items`)).status).toBe(404)
    })

    it("expireBatches() makes every batch so far answer 404, keeps it in the state, and spares later ones", async () => {
      const old = (await call("POST", "/batches", contactBatch(manyContacts(1)))).body
      await emulator.waitForBatches()
      emulator.expireBatches()
      expect((await call("GET", `/batches/${old.batchID}`)).body).toEqual({ error: "Batch not found" })
      expect((await call("GET", `/batches/${old.batchID}/items`)).status).toBe(404)
      expect((await call("GET", "/batches?endpoint=contacts")).body.batches).toEqual([])
      expect(emulator.state.batches().map((batch) => batch.batchID)).toEqual([old.batchID])

      const fresh = (await call("POST", "/batches", contactBatch(manyContacts(1, "fresh")))).body
      expect((await call("GET", `/batches/${fresh.batchID}`)).status).toBe(200)
    })

    it("still processes a batch that expires before it is done", async () => {
      await call("POST", "/batches", contactBatch(manyContacts(2)))
      emulator.expireBatches()
      await emulator.waitForBatches()
      expect(emulator.state.contacts()).toHaveLength(2)
    })
  })

  it("resolves waitForBatches at once when nothing is queued", async () => {
    await expect(emulator.waitForBatches()).resolves.toBeUndefined()
  })
})
