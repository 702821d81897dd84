import { loadV3Contract, startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact, invalidDataError } from "./emulator-client"

const SUMMARY_KEYS = Object.keys(loadV3Contract().get_batch.body as object)

// GET /batches is not in the contract: its answer's shape is the emulator's assumption (see README).
describe("Omnisend emulator: the batch list", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator()
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  const createBatches = async (count: number): Promise<string[]> => {
    const ids: string[] = []
    for (let index = 0; index < count; index++) {
      const items = [emailContact(`user${index}@example.com`)]
      ids.push((await call("POST", "/batches", { method: "POST", endpoint: "contacts", items })).body.batchID)
    }
    await emulator.waitForBatches()
    return ids
  }

  const idsOf = (batches: Array<{ batchID: string }>) => batches.map((batch) => batch.batchID)

  it("lists batch summaries newest first, with paging", async () => {
    const ids = await createBatches(3)
    const reply = await call("GET", "/batches?endpoint=contacts")
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.body)).toEqual(["batches", "paging"])
    expect(idsOf(reply.body.batches)).toEqual([...ids].reverse())
    for (const batch of reply.body.batches) expect(Object.keys(batch)).toEqual(SUMMARY_KEYS)
    expect(reply.body.batches[0]).toEqual((await call("GET", `/batches/${ids[2]}`)).body)
    expect(reply.body.paging).toEqual({ previous: null, next: null, offset: 0, limit: 100 })
  })

  it("pages with limit and offset, with full URLs to the next and previous pages", async () => {
    const ids = [...(await createBatches(5))].reverse()
    const first = (await call("GET", "/batches?endpoint=contacts&limit=2")).body
    expect(idsOf(first.batches)).toEqual(ids.slice(0, 2))
    expect(first.paging).toEqual({
      previous: null,
      next: `${emulator.url}/batches?endpoint=contacts&limit=2&offset=2`,
      offset: 0,
      limit: 2,
    })
    const second = (await call("GET", first.paging.next.slice(emulator.url.length))).body
    expect(idsOf(second.batches)).toEqual(ids.slice(2, 4))
    expect(second.paging.previous).toBe(`${emulator.url}/batches?endpoint=contacts&limit=2&offset=0`)
    const last = (await call("GET", second.paging.next.slice(emulator.url.length))).body
    expect(idsOf(last.batches)).toEqual(ids.slice(4))
    expect(last.paging.next).toBeNull()
  })

  it("accepts up to 250 per call", async () => {
    await createBatches(1)
    expect((await call("GET", "/batches?endpoint=contacts&limit=250")).body.paging.limit).toBe(250)
  })

  it("filters by endpoint, status and dateFrom", async () => {
    const [finished] = await createBatches(1)
    emulator.configure({ batch: { tickMs: 10_000 } })
    const pending = (await call("POST", "/batches", { method: "POST", endpoint: "contacts", items: [emailContact("p@example.com")] }))
      .body.batchID
    expect(idsOf((await call("GET", "/batches?endpoint=contacts&status=pending")).body.batches)).toEqual([pending])
    expect(idsOf((await call("GET", "/batches?endpoint=contacts&status=finished")).body.batches)).toEqual([finished])
    expect((await call("GET", "/batches?endpoint=events")).body.batches).toEqual([])
    const today = new Date().toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    expect(idsOf((await call("GET", `/batches?endpoint=contacts&dateFrom=${today}`)).body.batches)).toEqual([pending, finished])
    expect((await call("GET", `/batches?endpoint=contacts&dateFrom=${tomorrow}`)).body.batches).toEqual([])
  })

  it.each([
    ["", "endpoint: is required"],
    ["?endpoint=contacts&limit=0", "limit: must be a whole number from 1 to 250"],
    ["?endpoint=contacts&limit=251", "limit: must be a whole number from 1 to 250"],
    ["?endpoint=contacts&offset=-1", "offset: must be a whole number, 0 or more"],
    ["?endpoint=contacts&status=done", "status: must be one of pending, inProgress, finished, stopped"],
    ["?endpoint=contacts&dateFrom=2024-02-30", "dateFrom: must be a real date in YYYY-MM-DD format"],
  ])("refuses GET /batches%s with 400", async (query, message) => {
    const reply = await call("GET", `/batches${query}`)
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error: invalidDataError(1), fields: { "0": [message] } })
  })

  it("answers 404 with listEndpoint: false, like an API without the list, and keeps the other batch routes", async () => {
    const [batchID] = await createBatches(1)
    emulator.configure({ batch: { listEndpoint: false } })
    const reply = await call("GET", "/batches?endpoint=contacts")
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ error: "Not found" })
    expect((await call("GET", `/batches/${batchID}`)).status).toBe(200)
    emulator.configure({ batch: {} })
    expect((await call("GET", "/batches?endpoint=contacts")).status).toBe(200)
  })
})
