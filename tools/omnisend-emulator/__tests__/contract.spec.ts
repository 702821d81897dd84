import {
  compareShape,
  loadV3Contract,
  startOmnisendEmulator,
  type CompareShapeOptions,
  type OmnisendEmulator,
  type V3ContractEntryName,
} from "../index"
import { createClient, type JsonReply } from "./emulator-client"

/**
 * The emulator against contract/v3-answers.json, what Omnisend's v3 API really answers: each entry
 * is produced by driving the emulator, then its status and its body's shape (keys, JSON types,
 * nulls; not values) must match. A drift in the emulator fails here with the path that drifted.
 */

const contract = loadV3Contract()
const driven = new Set<V3ContractEntryName>()

// The emulator has no segments, so a contact is never in one.
const SEGMENTS_MAY_BE_EMPTY: CompareShapeOptions = { mayBeEmpty: (path) => path.endsWith(".segments") }

function expectToMatchContract(name: V3ContractEntryName, reply: JsonReply, options?: CompareShapeOptions): void {
  driven.add(name)
  const entry = contract[name]
  expect({ entry: name, status: reply.status }).toEqual({ entry: name, status: entry.status })
  expect(compareShape(entry.body, reply.body, name, options)).toEqual([])
  expect(Object.keys(reply.body)).toEqual(Object.keys(entry.body as object))
}

// Shaped like the contract's example: every profile field set, email subscribed, no phone, no custom properties.
const JANE = {
  identifiers: [
    {
      type: "email",
      id: "jane.doe@example.com",
      channels: { email: { status: "subscribed", statusDate: "2024-05-09T16:25:02Z" } },
    },
  ],
  firstName: "Jane",
  lastName: "Doe",
  country: "Lithuania",
  countryCode: "LT",
  state: "Vilnius",
  city: "Vilnius",
  postalCode: "LT-12345",
  address: "Street 1",
  birthdate: "1990-01-01",
  tags: ["source: medusa", "vip"],
}

// The contract's batch: an item with an invalid email, then a valid one.
const BATCH = {
  method: "POST",
  endpoint: "contacts",
  items: [
    {
      identifiers: [
        {
          type: "email",
          id: "jane.doeexample.com",
          channels: { email: { status: "nonSubscribed", statusDate: "1970-01-01T00:00:00Z" } },
        },
      ],
    },
    {
      identifiers: [
        {
          type: "email",
          id: "john.roe@example.com",
          channels: { email: { status: "subscribed", statusDate: "2019-05-30T14:11:12Z" } },
        },
      ],
    },
  ],
}

describe("Omnisend emulator: the v3 contract", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator({ forbiddenApiKeys: ["forbidden-key"] })
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  describe("contacts", () => {
    it("create_contact: POST /contacts answers the whole contact, 200 for a new email and an existing one", async () => {
      const created = await call("POST", "/contacts", JANE)
      expectToMatchContract("create_contact", created, SEGMENTS_MAY_BE_EMPTY)
      const again = await call("POST", "/contacts", JANE)
      expectToMatchContract("create_contact", again, SEGMENTS_MAY_BE_EMPTY)
      expect(again.body.contactID).toBe(created.body.contactID)
    })

    it("get_contacts_by_email: GET /contacts?email= answers the matches and paging", async () => {
      await call("POST", "/contacts", JANE)
      const reply = await call("GET", "/contacts?email=jane.doe%40example.com")
      expectToMatchContract("get_contacts_by_email", reply, SEGMENTS_MAY_BE_EMPTY)
      expect(reply.body.paging).toEqual((contract.get_contacts_by_email.body as { paging: unknown }).paging)
    })

    it("get_contact: GET /contacts/{id} answers the whole contact", async () => {
      const created = await call("POST", "/contacts", JANE)
      const reply = await call("GET", `/contacts/${created.body.contactID}`)
      expectToMatchContract("get_contact", reply, SEGMENTS_MAY_BE_EMPTY)
    })

    it("patch_contact: PATCH /contacts/{id} answers the short body", async () => {
      const created = await call("POST", "/contacts", JANE)
      const reply = await call("PATCH", `/contacts/${created.body.contactID}`, { lastName: "Roe", city: "Kaunas" })
      expectToMatchContract("patch_contact", reply)
      expect(reply.body.contactID).toBe(created.body.contactID)
    })
  })

  describe("batches", () => {
    const runBatch = async () => {
      const created = await call("POST", "/batches", BATCH)
      await emulator.waitForBatches()
      return created
    }

    it("create_batch: POST /batches answers {batchID, totalCount}", async () => {
      const created = await runBatch()
      expectToMatchContract("create_batch", created)
      expect(created.body.totalCount).toBe(2)
    })

    it("get_batch: GET /batches/{id} answers the summary of a finished batch", async () => {
      const created = await runBatch()
      const reply = await call("GET", `/batches/${created.body.batchID}`)
      expectToMatchContract("get_batch", reply)
      expect(reply.body).toMatchObject({ status: "finished", totalCount: 2, finishedCount: 2, errorsCount: 1 })
    })

    it("get_batch_items: GET /batches/{id}/items answers the summary, errors and responses", async () => {
      const created = await runBatch()
      const reply = await call("GET", `/batches/${created.body.batchID}/items`)
      expectToMatchContract("get_batch_items", reply)
      expect(reply.body.errors.map((entry: { itemID: string }) => entry.itemID)).toEqual(["1"])
      expect(reply.body.responses.map((entry: { itemID: string }) => entry.itemID)).toEqual(["2"])
      expect(reply.body.errors[0].request).toEqual(BATCH.items[0])
      expect(reply.body.responses[0].request).toEqual(BATCH.items[1])
    })
  })

  describe("errors", () => {
    it("error_invalid_data: a contact without channels is refused with 400, the count in the text", async () => {
      const reply = await call("POST", "/contacts", { identifiers: [{ type: "email", id: "jane.doe@example.com" }] })
      expectToMatchContract("error_invalid_data", reply)
      expect(reply.body.error).toBe(`${reply.body.fields["0"].length} error(s) found. Check 'fields' array for details.`)
    })

    it("error_unauthorized: a wrong or missing key gets 401 and the contract's body", async () => {
      for (const apiKey of ["wrong-key", null]) {
        const reply = await call("GET", "/contacts?email=jane.doe%40example.com", undefined, { apiKey })
        expectToMatchContract("error_unauthorized", reply)
        expect(reply.body).toEqual(contract.error_unauthorized.body)
      }
    })

    it("error_forbidden: a forbidden key, and any key while blocked, get 403 and the contract's body", async () => {
      const forbidden = await call("GET", "/contacts?email=jane.doe%40example.com", undefined, { apiKey: "forbidden-key" })
      expectToMatchContract("error_forbidden", forbidden)
      expect(forbidden.body).toEqual(contract.error_forbidden.body)
      emulator.blockFor(60_000)
      const blocked = await call("POST", "/contacts", JANE)
      expectToMatchContract("error_forbidden", blocked)
      expect(blocked.body).toEqual(contract.error_forbidden.body)
    })

    it("error_rate_limited: over the limit, 429 with the X-Rate-Limit-* headers, which every answer carries", async () => {
      const limited = await startOmnisendEmulator({ rateLimit: { limit: 1, windowMs: 60_000 } })
      try {
        const limitedCall = createClient(limited)
        const headerNames = Object.keys(contract.error_rate_limited.headers ?? {})
        expect(headerNames).toEqual(["X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"])
        const headersOf = (reply: JsonReply) => headerNames.map((name) => reply.headers.get(name))

        const allowed = await limitedCall("GET", "/accounts")
        expect(allowed.status).toBe(200)
        expect(headersOf(allowed)).toEqual(["1", "0", expect.stringMatching(/^\d+$/)])

        const reply = await limitedCall("GET", "/contacts?email=jane.doe%40example.com")
        expectToMatchContract("error_rate_limited", reply)
        expect(reply.body).toEqual(contract.error_rate_limited.body)
        const [limit, remaining, reset] = headersOf(reply)
        expect([limit, remaining]).toEqual(["1", "0"])
        expect(Number(reset)).toBeGreaterThanOrEqual(1)
        expect(Number(reset)).toBeLessThanOrEqual(60)
      } finally {
        await limited.stop()
      }
    })
  })

  // Last, so it sees what the tests above drove: a new contract entry fails here until it is driven.
  it("drives every entry of the contract", () => {
    const entries = Object.keys(contract).filter((key) => key !== "_about")
    expect([...driven].sort()).toEqual(entries.sort())
  })
})
